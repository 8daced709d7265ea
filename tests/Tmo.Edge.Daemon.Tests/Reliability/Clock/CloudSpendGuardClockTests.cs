using Microsoft.Extensions.Time.Testing;
using Tmo.Edge.Daemon.Decisions;
using Tmo.Edge.Data.Spending;

namespace Tmo.Edge.Daemon.Tests.Reliability.Clock;

/// <summary>
/// The daily cloud cap while the wall clock jumps: forward over midnight (the cap resets), back to a day that already
/// spent (an NTP step after a bad RTC), by days and years, and with calls in flight across the jump. No UTC day may
/// book more than the cap.
/// </summary>
public sealed class CloudSpendGuardClockTests
{
    private const double CapUsd = 0.03;
    private static readonly DateOnly Day1 = new(2026, 11, 27);
    private static readonly DateOnly Day2 = Day1.AddDays(1);
    private static readonly DateTimeOffset BeforeMidnight = new(2026, 11, 27, 23, 59, 50, TimeSpan.Zero);

    [Fact]
    public void A_jump_back_to_a_day_that_reached_its_cap_admits_no_more_cloud_calls()
    {
        var (clock, guard) = Start(BeforeMidnight);
        Spend(guard, 0.028);
        clock.Step(TimeSpan.FromMinutes(1));
        Spend(guard, 0.01);

        clock.Step(TimeSpan.FromMinutes(-1));

        Assert.Null(guard.TryReserve(0.005));
        Assert.Equal(CapUsd - 0.028, guard.RemainingUsd, precision: 12);
        Assert.Equal(0.028, guard.SpentUsd(Day1), precision: 12);
        Assert.Equal(0.01, guard.SpentUsd(Day2), precision: 12);
    }

    [Fact]
    public void A_forward_jump_over_midnight_gives_the_new_day_its_whole_cap()
    {
        var (clock, guard) = Start(BeforeMidnight);
        Spend(guard, 0.029);
        Assert.Null(guard.TryReserve(0.005));

        clock.Step(TimeSpan.FromSeconds(20));

        Assert.Equal(CapUsd, guard.RemainingUsd, precision: 12);
        Assert.NotNull(guard.TryReserve(0.005));
    }

    [Fact]
    public void A_call_reserved_before_midnight_and_settled_after_is_booked_on_the_day_that_admitted_it()
    {
        var (clock, guard) = Start(BeforeMidnight);
        var inFlight = guard.TryReserve(0.02) ?? throw new InvalidOperationException("The first call must fit.");

        clock.Step(TimeSpan.FromSeconds(20));
        Assert.Equal(CapUsd, guard.RemainingUsd, precision: 12);
        guard.Settle(inFlight, 0.02);

        Assert.Equal(Day1, inFlight.Day);
        Assert.Equal(0.02, guard.SpentUsd(Day1), precision: 12);
        Assert.Equal(0, guard.SpentUsd(Day2));
        Assert.Equal(CapUsd, guard.RemainingUsd, precision: 12);
    }

    [Fact]
    public void A_call_admitted_after_a_forward_jump_and_settled_after_a_jump_back_counts_against_its_own_day()
    {
        var (clock, guard) = Start(BeforeMidnight);
        Spend(guard, 0.029);
        clock.Step(TimeSpan.FromHours(1));
        var inFlight = guard.TryReserve(0.0137) ?? throw new InvalidOperationException("The new day has room.");

        clock.Step(TimeSpan.FromHours(-1));
        guard.Settle(inFlight, 0.0137);

        Assert.Equal(0.029, guard.SpentUsd(Day1), precision: 12);
        Assert.Equal(0.0137, guard.SpentUsd(Day2), precision: 12);
    }

    [Fact]
    public void Days_restored_from_the_ledger_are_remembered_when_the_clock_goes_back_to_them()
    {
        var clock = new SteppedClock(new FakeTimeProvider(), BeforeMidnight.AddDays(400));
        var guard = new CloudSpendGuard(clock);
        guard.Configure(CapUsd, [new DailySpend(Day1, 0.0295, 0.001), new DailySpend(Day2, 0.01, 0)]);
        Assert.Equal(CapUsd, guard.RemainingUsd, precision: 12);

        clock.SetWallClock(BeforeMidnight);

        Assert.Equal(CapUsd - 0.0295, guard.RemainingUsd, precision: 12);
        Assert.Null(guard.TryReserve(0.00049 + 0.0001));
        clock.Step(TimeSpan.FromSeconds(20));
        Assert.Equal(CapUsd - 0.01, guard.RemainingUsd, precision: 12);
    }

    private static (SteppedClock Clock, CloudSpendGuard Guard) Start(DateTimeOffset wallNow)
    {
        var clock = new SteppedClock(new FakeTimeProvider(), wallNow);
        var guard = new CloudSpendGuard(clock);
        guard.Configure(CapUsd, []);
        return (clock, guard);
    }

    private static void Spend(CloudSpendGuard guard, double usd) =>
        guard.Settle(guard.TryReserve(usd) ?? throw new InvalidOperationException($"{usd} USD must fit under the cap."), usd);
}
