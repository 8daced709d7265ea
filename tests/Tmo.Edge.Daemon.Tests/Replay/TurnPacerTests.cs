using Microsoft.Extensions.Time.Testing;
using Tmo.Edge.Daemon.Replay;

namespace Tmo.Edge.Daemon.Tests.Replay;

public sealed class TurnPacerTests
{
    [Fact]
    public async Task Parallel_callers_share_the_rate_each_waiting_for_its_own_slot()
    {
        var time = new FakeTimeProvider();
        var pacer = new TurnPacer(turnsPerSecond: 4, time);

        var slots = Enumerable.Range(0, 3).Select(_ => pacer.WaitForSlotAsync(CancellationToken.None)).ToArray();

        Assert.True(slots[0].IsCompleted);
        Assert.False(slots[1].IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(250));
        await slots[1];
        Assert.False(slots[2].IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(250));
        await slots[2];
    }

    [Fact]
    public void A_caller_after_a_quiet_spell_goes_at_once_without_a_burst_of_saved_slots()
    {
        var time = new FakeTimeProvider();
        var pacer = new TurnPacer(turnsPerSecond: 2, time);
        Assert.True(pacer.WaitForSlotAsync(CancellationToken.None).IsCompleted);

        time.Advance(TimeSpan.FromSeconds(10));

        Assert.True(pacer.WaitForSlotAsync(CancellationToken.None).IsCompleted);
        Assert.False(pacer.WaitForSlotAsync(CancellationToken.None).IsCompleted);
    }

    [Fact]
    public void No_limit_never_waits()
    {
        var pacer = new TurnPacer(turnsPerSecond: 0, new FakeTimeProvider());

        Assert.All(Enumerable.Range(0, 100).Select(_ => pacer.WaitForSlotAsync(CancellationToken.None)), slot => Assert.True(slot.IsCompleted));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    public void A_negative_or_undefined_rate_is_refused(double turnsPerSecond) =>
        Assert.ThrowsAny<ArgumentException>(() => new TurnPacer(turnsPerSecond, TimeProvider.System));
}
