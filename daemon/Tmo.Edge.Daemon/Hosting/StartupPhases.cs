using System.Globalization;

namespace Tmo.Edge.Daemon.Hosting;

/// <summary>
/// Where `tmo-edge run`'s start-up goes, phase by phase, from the command's start to the host's start (after which
/// systemd gets READY=1): the time each phase took and the resident memory it added, logged once by
/// <see cref="StartupReport"/>, and what `make bench`'s cold start is read with.
/// </summary>
/// <param name="residentBytes">The process's resident set now (<see cref="Environment.WorkingSet"/>; tests pass their own).</param>
public sealed class StartupPhases(TimeProvider time, Func<long> residentBytes)
{
    private const double Mebibyte = 1024 * 1024;
    private readonly List<(string Phase, TimeSpan Took, long AddedBytes)> _phases = [];
    private readonly long _start = time.GetTimestamp();
    private long _last = time.GetTimestamp();
    private long _lastResident = residentBytes();

    /// <summary>Since the command started.</summary>
    public TimeSpan Elapsed => time.GetElapsedTime(_start);

    /// <summary>Resident memory (MiB) when the last phase closed.</summary>
    public double ResidentMiB
    {
        get
        {
            lock (_phases)
            {
                return _lastResident / Mebibyte;
            }
        }
    }

    /// <summary>Closes <paramref name="phase"/>: it took the time, and added the memory, since the previous one closed.</summary>
    public void Completed(string phase)
    {
        var now = time.GetTimestamp();
        var resident = residentBytes();
        lock (_phases)
        {
            _phases.Add((phase, time.GetElapsedTime(_last, now), resident - _lastResident));
            _last = now;
            _lastResident = resident;
        }
    }

    /// <summary>"database migration 120 ms +12 MiB, checkpoint 30 ms +0 MiB, ...".</summary>
    public override string ToString()
    {
        lock (_phases)
        {
            return string.Join(", ", _phases.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Phase} {p.Took.TotalMilliseconds:F0} ms {p.AddedBytes / Mebibyte:+0;-0} MiB")));
        }
    }
}
