using System.Collections.Concurrent;
using System.Diagnostics;

namespace Tmo.Edge.Daemon.Tests.EndToEnd;

/// <summary>`tmo-edge run` as a real child process, configured through environment variables, so a test can SIGKILL it.</summary>
internal sealed class DaemonProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private DaemonProcess(Process process) => _process = process;

    /// <summary>What the daemon printed so far, for a failure message.</summary>
    public string Output => string.Join('\n', _output);

    public bool HasExited => _process.HasExited;

    public static DaemonProcess Start(IReadOnlyDictionary<string, string?> settings)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "tmo-edge.dll"), "run"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start tmo-edge.");
        var daemon = new DaemonProcess(process);
        process.OutputDataReceived += (_, e) => daemon.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => daemon.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return daemon;
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

    /// <summary>SIGKILL: no shutdown code runs, exactly like a power cut or the OOM killer.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
