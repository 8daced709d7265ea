namespace Tmo.Edge.Daemon.Tests.Reliability.Clock;

/// <summary>
/// A clock whose wall time can be stepped either way while its monotonic time (timestamps, timers, delays) runs on,
/// as on a real device: an NTP step or a wrong RTC corrected at boot moves CLOCK_REALTIME, never CLOCK_MONOTONIC.
/// The monotonic side is another provider: a FakeTimeProvider in unit tests (FakeTimeProvider itself cannot go back:
/// SetUtcNow refuses an earlier time), the system clock in end-to-end tests where real timers must fire.
/// </summary>
internal sealed class SteppedClock(TimeProvider monotonic) : TimeProvider
{
    private long _stepTicks;

    /// <summary>Starts with its wall clock at <paramref name="wallNow"/>.</summary>
    public SteppedClock(TimeProvider monotonic, DateTimeOffset wallNow)
        : this(monotonic)
    {
        SetWallClock(wallNow);
    }

    public override DateTimeOffset GetUtcNow() => monotonic.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _stepTicks));

    public override long GetTimestamp() => monotonic.GetTimestamp();

    public override long TimestampFrequency => monotonic.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => monotonic.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        monotonic.CreateTimer(callback, state, dueTime, period);

    /// <summary>Steps the wall clock by <paramref name="step"/> (negative: back); the monotonic clock does not move.</summary>
    public void Step(TimeSpan step) => Interlocked.Add(ref _stepTicks, step.Ticks);

    /// <summary>Steps the wall clock to <paramref name="wallNow"/>.</summary>
    public void SetWallClock(DateTimeOffset wallNow) => Step(wallNow - GetUtcNow());
}
