namespace Tmo.Edge.Daemon.Decisions;

/// <summary>
/// Whether the decision loop is making progress: each lane marks when it starts and ends a turn; the loop is
/// unhealthy when a lane died or has been stuck on one turn longer than the stall limit. The systemd watchdog is fed
/// only while this says healthy, so a wedged daemon is restarted. Shadow answers wait for lanes with no turn in flight
/// (<see cref="Judging.ShadowIdleRule"/>).
/// </summary>
public sealed class DecisionLoopHealth(int lanes, TimeProvider time, TimeSpan stallLimit)
{
    private readonly long[] _busySince = new long[lanes];
    private readonly bool[] _stopped = new bool[lanes];
    private long _lastEnded;
    private volatile bool _started;

    public void Started() => _started = true;

    public void TurnStarted(int lane) => Volatile.Write(ref _busySince[lane], time.GetTimestamp());

    public void TurnEnded(int lane)
    {
        Volatile.Write(ref _busySince[lane], 0);
        Volatile.Write(ref _lastEnded, time.GetTimestamp());
    }

    public void LaneStopped(int lane) => Volatile.Write(ref _stopped[lane], true);

    /// <summary>Whether a lane is deciding, answering or publishing a turn now.</summary>
    public bool InFlight
    {
        get
        {
            for (var lane = 0; lane < _busySince.Length; lane++)
            {
                if (Volatile.Read(ref _busySince[lane]) != 0)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>How long ago (monotonic) a lane last finished a turn; null while none has.</summary>
    public TimeSpan? SinceLastTurn => Volatile.Read(ref _lastEnded) is var ended and not 0 ? time.GetElapsedTime(ended) : null;

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
