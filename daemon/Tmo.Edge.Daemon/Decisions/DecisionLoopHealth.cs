namespace Tmo.Edge.Daemon.Decisions;

/// <summary>
/// Whether the decision loop is making progress: each lane marks when it starts and ends a turn; the loop is
/// unhealthy when a lane died or has been stuck on one turn longer than the stall limit. The systemd watchdog is fed
/// only while this says healthy, so a wedged daemon is restarted. It also says how long the lanes have been idle,
/// which shadow answers (<see cref="Judging.ShadowIdleRule"/>) and the learning on the device wait for.
/// </summary>
public sealed class DecisionLoopHealth(int lanes, TimeProvider time, TimeSpan stallLimit)
{
    private readonly long[] _busySince = new long[lanes];
    private readonly bool[] _stopped = new bool[lanes];
    private volatile bool _started;
    private long _lastActive;

    public void Started()
    {
        Volatile.Write(ref _lastActive, time.GetTimestamp());
        _started = true;
    }

    public void TurnStarted(int lane) => Volatile.Write(ref _busySince[lane], time.GetTimestamp());

    public void TurnEnded(int lane)
    {
        Volatile.Write(ref _lastActive, time.GetTimestamp());
        Volatile.Write(ref _busySince[lane], 0);
    }

    /// <summary>How long since the last turn ended (or the loop started) with no turn in flight; null while one is, or before the start.</summary>
    public TimeSpan? IdleFor
    {
        get
        {
            if (!_started)
            {
                return null;
            }

            for (var lane = 0; lane < _busySince.Length; lane++)
            {
                if (Volatile.Read(ref _busySince[lane]) != 0)
                {
                    return null;
                }
            }

            return time.GetElapsedTime(Volatile.Read(ref _lastActive));
        }
    }

    public void LaneStopped(int lane) => Volatile.Write(ref _stopped[lane], true);

    public bool IsHealthy
    {
        get
        {
            if (!_started)
            {
                return false;
            }

            var now = time.GetTimestamp();
            for (var lane = 0; lane < _busySince.Length; lane++)
            {
                var since = Volatile.Read(ref _busySince[lane]);
                if (Volatile.Read(ref _stopped[lane]) || (since != 0 && time.GetElapsedTime(since, now) > stallLimit))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
