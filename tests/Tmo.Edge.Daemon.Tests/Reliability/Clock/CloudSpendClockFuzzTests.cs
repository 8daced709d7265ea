using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.Time.Testing;
using Tmo.Edge.Daemon.Decisions;
using Tmo.Edge.Data.Spending;

namespace Tmo.Edge.Daemon.Tests.Reliability.Clock;

/// <summary>
/// Random interleavings of cloud calls (reserve, settle at or under the quote, fail) with wall-clock steps of seconds
/// around midnight, hours, days and years, either way. Checked against a plain model of the ledger after every step:
/// each call is booked on the UTC day that admitted it, no day's bookings exceed the cap, and the guard's view of
/// every day (spent, and today's room) is exactly the model's.
/// </summary>
public sealed class CloudSpendClockFuzzTests
{
    private const double CapUsd = 0.05;

    // The cloud profile's usage per call (text only, then 1..3 views).
    private static readonly double[] Quotes = [0.00049, 0.00500, 0.00945, 0.01368];
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 23, 58, 0, TimeSpan.Zero);

    [Fuzz]
    public Property No_day_books_more_than_the_cap_whatever_the_clock_does() =>
        Prop.ForAll(Operations().ArrayOf().ToArbitrary(), operations =>
        {
            var clock = new SteppedClock(new FakeTimeProvider(), Start);
            var guard = new CloudSpendGuard(clock);
            guard.Configure(CapUsd, []);
            var booked = new Dictionary<DateOnly, double>();
            var inFlight = new List<CloudReservation>();
            foreach (var operation in operations)
            {
                Apply(operation, clock, guard, booked, inFlight);
                AssertAgrees(clock, guard, booked, inFlight);
            }

            foreach (var reservation in inFlight)
            {
                guard.Settle(reservation, reservation.Usd);
                booked[reservation.Day] = booked.GetValueOrDefault(reservation.Day) + reservation.Usd;
            }

            inFlight.Clear();
            AssertAgrees(clock, guard, booked, inFlight);
        });

    private static void Apply(ClockOperation operation, SteppedClock clock, CloudSpendGuard guard, Dictionary<DateOnly, double> booked, List<CloudReservation> inFlight)
    {
        switch (operation.Kind)
        {
            case OperationKind.Reserve:
                var today = DailySpendLedger.UtcDay(clock.GetUtcNow());
                var quote = Quotes[operation.Pick % Quotes.Length];
                var committed = booked.GetValueOrDefault(today) + inFlight.Where(r => r.Day == today).Sum(r => r.Usd);
                var reservation = guard.TryReserve(quote);
                if (Math.Abs(committed + quote - CapUsd) > 1e-9)
                {
                    // Exactly at the cap, the sums' rounding decides; anywhere else the answer is certain.
                    Assert.Equal(committed + quote <= CapUsd, reservation is not null);
                }

                if (reservation is { } admitted)
                {
                    Assert.Equal(today, admitted.Day);
                    inFlight.Add(admitted);
                }

                break;
            case OperationKind.Settle when inFlight.Count > 0:
                var settled = inFlight[operation.Pick % inFlight.Count];
                inFlight.Remove(settled);
                // A failed call costs nothing; an answered one costs its quote or less (never more: it is the ceiling).
                var actual = settled.Usd * (operation.Pick % 3) / 2;
                guard.Settle(settled, actual);
                booked[settled.Day] = booked.GetValueOrDefault(settled.Day) + actual;
                break;
            case OperationKind.Step:
                clock.Step(operation.Step);
                break;
        }
    }

    private static void AssertAgrees(SteppedClock clock, CloudSpendGuard guard, Dictionary<DateOnly, double> booked, List<CloudReservation> inFlight)
    {
        foreach (var (day, usd) in booked)
        {
            Assert.True(usd <= CapUsd + 1e-12, $"{day} booked {usd} USD over the {CapUsd} USD cap");
            Assert.Equal(usd, guard.SpentUsd(day), precision: 12);
        }

        var today = DailySpendLedger.UtcDay(clock.GetUtcNow());
        var committed = booked.GetValueOrDefault(today) + inFlight.Where(r => r.Day == today).Sum(r => r.Usd);
        Assert.Equal(CapUsd - committed, guard.RemainingUsd, precision: 12);
    }

    private static Gen<ClockOperation> Operations() =>
        Gen.Frequency(
            (5, Gen.Choose(0, 1000).Select(pick => new ClockOperation(OperationKind.Reserve, pick, TimeSpan.Zero))),
            (4, Gen.Choose(0, 1000).Select(pick => new ClockOperation(OperationKind.Settle, pick, TimeSpan.Zero))),
            (2, Steps().Select(step => new ClockOperation(OperationKind.Step, 0, step))));

    /// <summary>Either way: seconds (around midnight), hours, days, years.</summary>
    private static Gen<TimeSpan> Steps() =>
        from unit in Gen.Elements(TimeSpan.FromSeconds(1), TimeSpan.FromHours(1), TimeSpan.FromDays(1), TimeSpan.FromDays(365))
        from count in Gen.Choose(1, 150)
        from back in Gen.Elements(false, true)
        select unit * (back ? -count : count);

    private enum OperationKind
    {
        Reserve,
        Settle,
        Step,
    }

    private sealed record ClockOperation(OperationKind Kind, int Pick, TimeSpan Step);
}
