using System.Diagnostics;
using System.Globalization;
using Tmo.Edge.TestSupport.Mqtt;

namespace Tmo.Edge.Bench;

/// <summary>
/// Cold start to systemd READY: `tmo-edge run` started as systemd starts a Type=notify service, on a fresh data
/// directory (its database created and migrated) with a checkpoint given, timed from the process's start to the
/// READY=1 it sends on NOTIFY_SOCKET. Microsoft.Extensions.Hosting.Systemd (10.0) only uses the systemd lifetime when
/// the process is PID 1 or its parent's /proc/PPID/comm is "systemd", so the daemon is started by a shell whose name
/// is systemd (a symbolic link to /bin/sh): the notification it sends is the real one, not a log line.
/// </summary>
internal static class ColdStart
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Seconds from process start to READY=1, once per start, each on a new data directory.</summary>
    public static async Task<IReadOnlyList<double>> MeasureAsync(string directory, string checkpoint, string dataset, int starts)
    {
        var shim = Path.Combine(directory, "systemd");
        if (!File.Exists(shim))
        {
            File.CreateSymbolicLink(shim, "/bin/sh");
        }

        var seconds = new List<double>();
        for (var start = 0; start < starts; start++)
        {
            var dataDirectory = Path.Combine(directory, $"cold-{start}");
            using var notify = new SystemdNotifySocket(Path.Combine(directory, $"notify-{start}"));
            var clock = Stopwatch.StartNew();
            using var daemon = DaemonChildProcess.Start("cold", dataDirectory, checkpoint, dataset, FreePort.Next(), new Dictionary<string, string>
            {
                ["Tmo__Mqtt__EmbeddedPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
                ["NOTIFY_SOCKET"] = notify.Path,
            }, serviceManager: shim);
            try
            {
                using var timeout = new CancellationTokenSource(ReadyTimeout);
                await notify.WaitForAsync("READY=1", timeout.Token);
                seconds.Add(clock.Elapsed.TotalSeconds);
            }
            finally
            {
                daemon.Kill(entireProcessTree: true);
                await daemon.WaitForExitAsync();
            }
        }

        return seconds;
    }
}
