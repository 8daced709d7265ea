using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Tmo.Edge.Daemon.Hosting;
using Tmo.Edge.Data.Logging;

namespace Tmo.Edge.Daemon.Cli;

/// <summary>
/// `tmo-edge run`: the daemon. Configuration, later sources winning: appsettings.json beside the binary,
/// $CONFIGURATION_DIRECTORY/appsettings.json (systemd's ConfigurationDirectory), --config FILE, environment variables
/// (Tmo__Budgets__DialogueLatencyS=20), then the command-line shortcuts below.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var config = new Option<string?>("--config") { Description = "Extra JSON configuration file." };
        var dataDirectory = new Option<string?>("--data-dir") { Description = "Where the SQLite database lives (Tmo:Storage:DataDirectory)." };
        var checkpoint = new Option<string?>("--checkpoint") { Description = "Policy checkpoint (Tmo:Policy:CheckpointPath)." };
        var data = new Option<string?>("--data") { Description = "M4A1 JSON for the replay runner (Tmo:Replay:DatasetPath)." };
        var speed = new Option<double?>("--speed") { Description = "Replay speed factor: recorded latency x this (Tmo:Replay:SpeedFactor; 0 = instant)." };
        var deviceId = new Option<string?>("--device-id") { Description = "Device id; topics are tmo/{id}/... (Tmo:DeviceId)." };

        var command = new Command("run", "Run the daemon: MQTT in, RCRL decisions under dialogue budgets, answers out.")
        {
            config, dataDirectory, checkpoint, data, speed, deviceId,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var overrides = new Dictionary<string, string?>
            {
                ["Tmo:Storage:DataDirectory"] = parse.GetValue(dataDirectory),
                ["Tmo:Policy:CheckpointPath"] = parse.GetValue(checkpoint),
                ["Tmo:Replay:DatasetPath"] = parse.GetValue(data),
                ["Tmo:Replay:SpeedFactor"] = parse.GetValue(speed)?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Tmo:DeviceId"] = parse.GetValue(deviceId),
            };
            try
            {
                using var host = await BuildAsync(parse.GetValue(config), overrides.Where(o => o.Value is not null), TimeProvider.System, cancellationToken: cancellationToken);
                await host.RunAsync(cancellationToken);
                return 0;
            }
            catch (Exception ex) when (ConfigurationErrors.Describe(ex) is { } problem)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"error: {problem}");
                return 1;
            }
            catch (Exception ex) when (ex is Policy.Checkpoints.CheckpointException or Policy.Dataset.DatasetFormatException or FileNotFoundException)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"error: {ex.Message}");
                return 1;
            }
        });
        return command;
    }

    /// <summary>
    /// The daemon's host, with its <see cref="DaemonRuntime"/> loaded first: a provider over the same registrations
    /// validates the configuration (the same errors the host's start would give), migrates the database and loads the
    /// runtime, and is disposed before the host is built; of its singletons only the runtime it returns is kept.
    /// </summary>
    /// <param name="time">The daemon's clock; tests pass one whose wall clock they step.</param>
    /// <param name="configureServices">Last changes to the registrations, for tests.</param>
    public static async Task<IHost> BuildAsync(
        string? configFile,
        IEnumerable<KeyValuePair<string, string?>> overrides,
        TimeProvider time,
        Action<IServiceCollection>? configureServices = null,
        CancellationToken cancellationToken = default)
    {
        var phases = new StartupPhases(time, () => Environment.WorkingSet);
        var builder = CreateBuilder(configFile, overrides, time);
        builder.Services.AddSingleton(phases);
        builder.Services.AddHostedService<StartupReport>();
        configureServices?.Invoke(builder.Services);
        phases.Completed("configuration");
        DaemonRuntime runtime;
        await using (var startup = builder.Services.BuildServiceProvider())
        {
            startup.GetRequiredService<IStartupValidator>().Validate();
            phases.Completed("validation");
            runtime = await startup.GetRequiredService<DaemonRuntimeLoader>().LoadAsync(phases, cancellationToken);
        }

        builder.Services.AddSingleton(runtime);
        var host = builder.Build();
        phases.Completed("host built");
        return host;
    }

    /// <summary>The daemon's registrations over its configuration, before anything is loaded.</summary>
    public static HostApplicationBuilder CreateBuilder(string? configFile, IEnumerable<KeyValuePair<string, string?>> overrides, TimeProvider time)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        if (Environment.GetEnvironmentVariable("CONFIGURATION_DIRECTORY") is { Length: > 0 } systemdConfig)
        {
            builder.Configuration.AddJsonFile(Path.Combine(systemdConfig.Split(':')[0], "appsettings.json"), optional: true);
        }

        if (configFile is not null)
        {
            builder.Configuration.AddJsonFile(Path.GetFullPath(configFile), optional: false);
        }

        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddInMemoryCollection(overrides);
        builder.Services.AddSingleton(time);
        builder.Services.AddSystemd();
        builder.Services.AddTmoEdgeDaemon(builder.Configuration);
        builder.Logging.AddTmoEdgeDatabase("daemon");
        return builder;
    }
}
