namespace Tmo.Edge.Daemon.Replay;

/// <summary>
/// Spaces a replay's prompts at most <c>turnsPerSecond</c> apart across all its dialogues, so that a demo stays
/// readable whatever the daemon does: a refused turn or an instant synthetic answer takes no time at all, and without
/// a pace the replay printed thousands of decisions a minute. Each caller reserves the next free slot, so parallel
/// dialogues share the rate instead of each having it.
/// </summary>
public sealed class TurnPacer
{
    private readonly Lock _gate = new();
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private DateTimeOffset _nextSlot = DateTimeOffset.MinValue;

    /// <param name="turnsPerSecond">The most prompts a second; 0 for no limit (benchmarks, tests).</param>
    public TurnPacer(double turnsPerSecond, TimeProvider time)
    {
        if (!double.IsFinite(turnsPerSecond) || turnsPerSecond < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(turnsPerSecond), turnsPerSecond, "The pace is 0 (no limit) or a positive number of turns a second.");
        }

        ArgumentNullException.ThrowIfNull(time);
        _interval = turnsPerSecond > 0 ? TimeSpan.FromSeconds(1 / turnsPerSecond) : TimeSpan.Zero;
        _time = time;
    }

    public static TurnPacer Unpaced { get; } = new(0, TimeProvider.System);

    /// <summary>Completes when the caller's slot has come.</summary>
    public Task WaitForSlotAsync(CancellationToken cancellationToken)
    {
        if (_interval == TimeSpan.Zero)
        {
            return Task.CompletedTask;
        }

        TimeSpan wait;
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var slot = _nextSlot > now ? _nextSlot : now;
            _nextSlot = slot + _interval;
            wait = slot - now;
        }

        return wait > TimeSpan.Zero ? Task.Delay(wait, _time, cancellationToken) : Task.CompletedTask;
    }
}
