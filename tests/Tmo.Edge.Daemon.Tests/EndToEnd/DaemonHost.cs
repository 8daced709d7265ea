using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tmo.Edge.Daemon.Cli;
using Tmo.Edge.Daemon.Tests.Cli;
using Tmo.Edge.Daemon.Tests.Mqtt;
using Tmo.Edge.Policy.Checkpoints;
using Tmo.Edge.Policy.Costs;
using Tmo.Edge.Policy.Dataset;
using Tmo.Edge.Policy.Environment;
using Tmo.Edge.Policy.Evaluation;
using Tmo.Edge.Policy.Training;

namespace Tmo.Edge.Daemon.Tests.EndToEnd;

/// <summary>
/// A real daemon host (the same wiring as `tmo-edge run`) on a temporary data directory with its embedded broker on
/// a free loopback port, the replay runner at infinite speed, and a small RC-A2C checkpoint.
/// </summary>
internal sealed class DaemonHost : IAsyncDisposable
{
    private static readonly SemaphoreSlim CheckpointLock = new(1, 1);
    private static string? _checkpoint;

    private IHost? _host;

    private DaemonHost(
        string directory, int brokerPort, Dictionary<string, string?> settings, TimeProvider time, ILoggerProvider? logs, Action<IServiceCollection>? configureServices)
    {
        ConfigureServices = configureServices;
        Directory = directory;
        BrokerPort = brokerPort;
        Settings = settings;
        Time = time;
        Logs = logs;
    }

    public string Directory { get; }

    public int BrokerPort { get; }

    public Dictionary<string, string?> Settings { get; }

    public string DeviceId => Settings["Tmo:DeviceId"]!;

    /// <summary>The daemon's clock (the system clock unless the test passed one).</summary>
    public TimeProvider Time { get; }

    /// <summary>Also gets every log entry of every host started, from before the first service starts.</summary>
    public ILoggerProvider? Logs { get; }

    public IServiceProvider Services => _host!.Services;

    /// <summary>Last changes to the daemon's registrations, applied at every (re)start.</summary>
    private Action<IServiceCollection>? ConfigureServices { get; }

    public static async Task<DaemonHost> StartAsync(
        IDictionary<string, string?>? overrides = null,
        string? directory = null,
        TimeProvider? time = null,
        ILoggerProvider? logs = null,
        Action<IServiceCollection>? configureServices = null)
    {
        directory ??= System.IO.Directory.CreateTempSubdirectory("tmo-daemon-").FullName;
        var port = FreePort.Next();
        var settings = new Dictionary<string, string?>
        {
            ["Tmo:DeviceId"] = "test1",
            ["Tmo:Storage:DataDirectory"] = Path.Combine(directory, "data"),
            ["Tmo:Policy:CheckpointPath"] = await SmallCheckpointAsync(),
            ["Tmo:Replay:DatasetPath"] = CliRun.DataPath,
            ["Tmo:Replay:SpeedFactor"] = "0",
            ["Tmo:Mqtt:EmbeddedPort"] = port.ToString(),
            ["Tmo:Mqtt:ClientId"] = "tmo-edge-daemon-test",
            // Tests restart brokers and hosts on a busy 2-core machine: retry connecting quickly rather than back off far.
            ["Tmo:Mqtt:ReconnectInitialSeconds"] = "0.1",
            ["Tmo:Mqtt:ReconnectMaxSeconds"] = "1",
            ["Tmo:Metrics:Enabled"] = "false",
            // The test machine's own sensors must not decide: a hot CI box would mask the local LLM at random.
            ["Tmo:Telemetry:Enabled"] = "false",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        TestLogins.InstallIn(settings["Tmo:Storage:DataDirectory"]!);
        var host = new DaemonHost(directory, port, settings, time ?? TimeProvider.System, logs, configureServices);
        await host.RestartAsync();
        return host;
    }

    /// <summary>Stops the host (if running) and starts a fresh one on the same data directory and port.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        _host = await RunCommand.BuildAsync(null, Settings, Time, services =>
        {
            if (Logs is not null)
            {
                services.AddSingleton(Logs);
            }

            ConfigureServices?.Invoke(services);
        });
        await _host.StartAsync();
    }

    public async Task StopAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
            _host = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite WAL files can linger a moment after the last connection closes; the OS cleans temp.
        }
    }

    /// <summary>A small RC-A2C checkpoint trained once per test run and shared by every daemon the tests start.</summary>
    internal static async Task<string> SmallCheckpointAsync()
    {
        await CheckpointLock.WaitAsync();
        try
        {
            if (_checkpoint is not null)
            {
                return _checkpoint;
            }

            var dataset = await M4A1Loader.LoadAsync(CliRun.DataPath);
            var scenario = OffloadingScenario.For(dataset, DeviceProfile.Default, CloudProfile.Default);
            var workspace = new SplitWorkspace(scenario, DatasetSplit.BySeed(dataset, 1), 1);
            var checkpoint = PolicyTraining.Train(dataset, workspace, MethodSpec.Named("RC-A2C"), new TrainingSetup(Steps: 5_000), EvaluationBudgets.Default, TimeProvider.System);
            var path = Path.Combine(System.IO.Directory.CreateTempSubdirectory("tmo-checkpoint-").FullName, "policy.json");
            await CheckpointCodec.SaveAsync(checkpoint, path);
            return _checkpoint = path;
        }
        finally
        {
            CheckpointLock.Release();
        }
    }
}
