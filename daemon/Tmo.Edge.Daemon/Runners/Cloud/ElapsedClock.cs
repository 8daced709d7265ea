namespace Tmo.Edge.Daemon.Runners.Cloud;

/// <summary>
/// A clock for code that measures durations through <see cref="TimeProvider.GetUtcNow"/> (Polly's circuit breaker
/// times its break and sampling window that way): "now" is the wall time when it was created plus the monotonic time
/// elapsed since, so a stepped system clock (an NTP correction, a bad RTC fixed at boot) neither stretches a break
/// by the size of the step nor ends it early. Timestamps and timers are the underlying provider's.
/// </summary>
public sealed class ElapsedClock : TimeProvider
{
    private readonly TimeProvider _inner;
    private readonly DateTimeOffset _origin;
    private readonly long _originTimestamp;

    public ElapsedClock(TimeProvider inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _origin = inner.GetUtcNow();
        _originTimestamp = inner.GetTimestamp();
    }

    public override DateTimeOffset GetUtcNow() => _origin + _inner.GetElapsedTime(_originTimestamp);

    public override long GetTimestamp() => _inner.GetTimestamp();

    public override long TimestampFrequency => _inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => _inner.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        _inner.CreateTimer(callback, state, dueTime, period);
}
