using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Tmo.Edge.Core.Telemetry;

namespace Tmo.Edge.Daemon.Telemetry;

/// <summary>
/// Runs `tegrastats --interval MS` for the daemon's life and parses its latest line on each sample: for Jetsons
/// where /sys is not readable (containers) but the tool is. Until the first line arrives, or when the tool cannot
/// run, the sample is empty (logged once).
/// </summary>
public sealed class TegrastatsSource(SensorFiles files, string tegrastatsPath, TimeSpan interval) : ITelemetrySource, IDisposable
{
    private Process? _process;
    private volatile string? _latest;

    public string Name => TegrastatsLine.SourceName;

    public ValueTask<TelemetrySample> ReadAsync(CancellationToken cancellationToken)
    {
        EnsureStarted();
        return ValueTask.FromResult(_latest is { } line ? TegrastatsLine.Parse(line) : TelemetrySample.Empty(Name));
    }

    public void Dispose()
    {
        if (_process is { } process)
        {
            try
            {
                process.Kill();
            }
            catch (InvalidOperationException)
            {
                // Already exited.
            }

            process.Dispose();
        }
    }

    private void EnsureStarted()
    {
        if (_process is not null && !_process.HasExited)
        {
            return;
        }

        _process?.Dispose();
        _process = null;
        var start = new ProcessStartInfo(tegrastatsPath) { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("--interval");
        start.ArgumentList.Add(((int)interval.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
        try
        {
            var process = Process.Start(start) ?? throw new Win32Exception($"{tegrastatsPath} did not start");
            process.OutputDataReceived += (_, e) =>
            {
                if (!string.IsNullOrWhiteSpace(e.Data))
                {
                    _latest = e.Data;
                }
            };
            process.BeginOutputReadLine();
            _process = process;
        }
        catch (Win32Exception ex)
        {
            files.Report(tegrastatsPath, ex.Message);
        }
    }
}
