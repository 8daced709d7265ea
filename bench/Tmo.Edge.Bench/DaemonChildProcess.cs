using System.Diagnostics;
using System.Globalization;

namespace Tmo.Edge.Bench;

/// <summary>
/// `tmo-edge run` as a child process, as a device runs it, configured through environment variables: the replay
/// runner at infinite speed on the given checkpoint and dataset, metrics on, logs at Warning. Callers add the broker
/// settings and whatever else their measurement needs.
/// </summary>
internal static class DaemonChildProcess
{
    /// <summary>
    /// Where tmo-edge.dll is (--daemon-dir: a `dotnet publish` output, as devices run it); null: the one built beside
    /// the bench.
    /// </summary>
    public static string? DaemonDirectory { get; set; }

    /// <summary>Runtime settings for the daemon (--daemon-env DOTNET_GCgen0size=0x400000): what the memory study varies.</summary>
    public static IReadOnlyDictionary<string, string> RuntimeSettings { get; set; } = new Dictionary<string, string>();

    /// <param name="serviceManager">A shell to start the daemon from, so that it is that shell's child instead of the
    /// bench's, as a service is systemd's; null to start it directly.</param>
    public static Process Start(
        string deviceId, string directory, string checkpoint, string dataset, int metricsPort, IReadOnlyDictionary<string, string> settings, string? serviceManager = null)
    {
        string[] command = ["dotnet", Path.Combine(DaemonDirectory ?? AppContext.BaseDirectory, "tmo-edge.dll"), "run"];
        // In the background and waited for, so that the shell stays the daemon's parent rather than exec-ing it.
        var start = new ProcessStartInfo(serviceManager ?? command[0], serviceManager is null ? command[1..] : ["-c", "\"$@\" & wait $!", "systemd", .. command])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var environment = new Dictionary<string, string>
        {
            ["Tmo__DeviceId"] = deviceId,
            ["Tmo__Storage__DataDirectory"] = Path.Combine(directory, "data"),
            ["Tmo__Policy__CheckpointPath"] = checkpoint,
            ["Tmo__Replay__DatasetPath"] = dataset,
            ["Tmo__Replay__SpeedFactor"] = "0",
            ["Tmo__Metrics__Enabled"] = "true",
            ["Tmo__Metrics__Port"] = metricsPort.ToString(CultureInfo.InvariantCulture),
            ["Tmo__Budgets__DailyCloudCapUsd"] = "1000000",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in settings.Concat(RuntimeSettings))
        {
            environment[key] = value;
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start tmo-edge.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
