using Tmo.Edge.Data.Spending;

namespace Tmo.Edge.Daemon.Decisions;

/// <summary>
/// Keeps each UTC day's cloud spend under the daily cap across dialogues running in parallel: a cloud call reserves
/// its quote under today's cap before it starts and settles its actual cost after, so two lanes can never both take
/// the last dollar. Spend is kept per day, not as one running total, because the wall clock can jump: back to a day
/// that already spent (an NTP step after a bad RTC), or over midnight while a call is in flight. A call is booked on
/// the day that admitted it (its <see cref="CloudReservation.Day"/>, which the ledger books it on too), so every
/// day's total stays within what its cap admitted. Days spent before the start come from the ledger.
/// </summary>
public sealed class CloudSpendGuard(TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<DateOnly, DayAccount> _days = [];

    public double CapUsd { get; private set; }

    /// <summary>Sets the cap and restores what the ledger booked on each day.</summary>
    public void Configure(double capUsd, IEnumerable<DailySpend> ledger)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        lock (_lock)
        {
            CapUsd = capUsd;
            _days.Clear();
            foreach (var day in ledger)
            {
                Account(day.Day).SpentUsd = day.CloudUsd;
            }
        }
    }

    public void SetCap(double capUsd)
    {
        lock (_lock)
        {
            CapUsd = capUsd;
        }
    }

    /// <summary>What today's cap still admits.</summary>
    public double RemainingUsd
    {
        get
        {
            lock (_lock)
            {
                var today = _days.GetValueOrDefault(Today());
                return CapUsd - (today?.SpentUsd ?? 0) - (today?.ReservedUsd ?? 0);
            }
        }
    }

    /// <summary>What has been booked on <paramref name="day"/> (settled calls only).</summary>
    public double SpentUsd(DateOnly day)
    {
        lock (_lock)
        {
            return _days.GetValueOrDefault(day)?.SpentUsd ?? 0;
        }
    }

    /// <summary>Reserves <paramref name="quoteUsd"/> under today's cap; null when it does not fit.</summary>
    public CloudReservation? TryReserve(double quoteUsd)
    {
        lock (_lock)
        {
            var day = Today();
            var account = Account(day);
            if (account.SpentUsd + account.ReservedUsd + quoteUsd > CapUsd)
            {
                return null;
            }

            account.ReservedUsd += quoteUsd;
            return new CloudReservation(day, quoteUsd);
        }
    }

    /// <summary>Releases a reservation and books what the call actually cost on the reservation's day.</summary>
    public void Settle(CloudReservation reservation, double actualUsd)
    {
        lock (_lock)
        {
            var account = Account(reservation.Day);
            account.ReservedUsd = Math.Max(0, account.ReservedUsd - reservation.Usd);
            account.SpentUsd += actualUsd;
        }
    }

    private DayAccount Account(DateOnly day)
    {
        if (!_days.TryGetValue(day, out var account))
        {
            account = new DayAccount();
            _days[day] = account;
        }

        return account;
    }

    private DateOnly Today() => DailySpendLedger.UtcDay(time.GetUtcNow());

    private sealed class DayAccount
    {
        public double SpentUsd { get; set; }

        public double ReservedUsd { get; set; }
    }
}
