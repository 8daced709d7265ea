using System.CommandLine;
using Tmo.Edge.Daemon.Doctor;
using Tmo.Edge.Daemon.Telemetry;

namespace Tmo.Edge.Daemon.Cli;

/// <summary>
/// `tmo-edge doctor [--config FILE] [--root DIR] [--data-dir DIR]`: what a new installation needs to know, one line per
/// check (ok, warn, FAIL with the reason), exit code 1 when something the configuration needs fails. Run it as the
/// service's user (`sudo -u tmo-edge tmo-edge doctor --config /etc/tmo-edge/appsettings.json`) to see the device nodes
/// and files as the daemon does. --root runs the telemetry checks on a copy of a device's /sys, /proc and
/// /var/lib/nvpmodel.
/// </summary>
internal static class DoctorCommand
{
    public static Command Create(TimeProvider time)
    {
        var config = new Option<string?>("--config") { Description = "Extra JSON configuration file, as for `run`." };
        var root = new Option<string?>("--root") { Description = "Run the telemetry checks on the tree below this directory (Tmo:Telemetry:Root)." };
        var dataDirectory = new Option<string?>("--data-dir") { Description = "The daemon's data directory (Tmo:Storage:DataDirectory)." };

        var command = new Command("doctor", "Check this installation: telemetry, GPU devices, model, CUDA backend, broker, storage, clock.") { config, root, dataDirectory };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            DoctorSettings settings;
            try
            {
                settings = DoctorSettings.From(DaemonConfiguration.Build(parse.GetValue(config)));
            }
            catch (Exception ex) when (ex is FileNotFoundException or InvalidDataException or FormatException or InvalidOperationException)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"error: the configuration cannot be read: {ex.Message}");
                return 1;
            }

            if (parse.GetValue(root) is { } tree)
            {
                if (!Directory.Exists(tree))
                {
                    // Otherwise every reading would be "missing", which reads like a device without sensors.
                    await parse.InvocationConfiguration.Error.WriteLineAsync($"error: --root {tree}: no such directory.");
                    return 2;
                }

                settings.Telemetry.Root = tree;
            }

            if (parse.GetValue(dataDirectory) is { } data)
            {
                settings.Storage.DataDirectory = data;
            }

            var doctor = new InstallationDoctor(settings, new ProcessCommandRunner(TimeSpan.FromSeconds(5)), time, BuildTime(), AppContext.BaseDirectory);
            var checks = await doctor.RunAsync(cancellationToken);
            foreach (var check in checks)
            {
                await stdout.WriteLineAsync(check.ToString());
            }

            var failed = checks.Count(c => c.Status == DoctorStatus.Fail);
            var warnings = checks.Count(c => c.Status == DoctorStatus.Warn);
            await stdout.WriteLineAsync($"{checks.Count} checks: {failed} failed, {warnings} warnings");
            return failed > 0 ? 1 : 0;
        });
        return command;
    }

    /// <summary>When this program was built: its file's time (a package keeps the build's), the floor for a sane clock.</summary>
    private static DateTimeOffset BuildTime()
    {
        var file = typeof(DoctorCommand).Assembly.Location is { Length: > 0 } assembly ? assembly : Environment.ProcessPath;
        return file is null ? DateTimeOffset.MinValue : new DateTimeOffset(File.GetLastWriteTimeUtc(file), TimeSpan.Zero);
    }
}
