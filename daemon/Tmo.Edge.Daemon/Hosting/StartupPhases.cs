using System.Globalization;

namespace Tmo.Edge.Daemon.Hosting;

/// <summary>
/// Where `tmo-edge run`'s start-up goes, phase by phase, from the command's start to the host's start (after which
/// systemd gets READY=1): logged once by <see cref="StartupReport"/>, and what `make bench`'s cold start is read with.
/// </summary>
public sealed class StartupPhases(TimeProvider time)
{
    private readonly List<(string Phase, TimeSpan Took)> _phases = [];
    private readonly long _start = time.GetTimestamp();
    private long _last = time.GetTimestamp();

    /// <summary>Since the command started.</summary>
    public TimeSpan Elapsed => time.GetElapsedTime(_start);

    /// <summary>Closes <paramref name="phase"/>: it took the time since the previous one closed.</summary>
    public void Completed(string phase)
    {
        var now = time.GetTimestamp();
        lock (_phases)
        {
            _phases.Add((phase, time.GetElapsedTime(_last, now)));
            _last = now;
        }
    }

    /// <summary>"validation 12 ms, migration 340 ms, ...".</summary>
    public override string ToString()
    {
        lock (_phases)
        {
            return string.Join(", ", _phases.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Phase} {p.Took.TotalMilliseconds:F0} ms")));
        }
    }
}
