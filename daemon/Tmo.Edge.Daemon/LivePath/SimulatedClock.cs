namespace Tmo.Edge.Daemon.LivePath;

/// <summary>
/// The time a replay at infinite speed says it is: moved forward by the replay, so daily caps (the cloud's, the
/// judge's) roll over by simulated day instead of never.
/// </summary>
public sealed class SimulatedClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public DateOnly Today => DateOnly.FromDateTime(_now.UtcDateTime);

    public void MoveTo(DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(now, _now);
        _now = now;
    }
}
