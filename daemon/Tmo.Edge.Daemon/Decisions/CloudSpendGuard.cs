namespace Tmo.Edge.Daemon.Decisions;

/// <summary>
/// Keeps the day's cloud spend under the daily cap across dialogues running in parallel: a cloud call reserves its
/// quote before it starts and settles its actual cost after, so two lanes can never both take the last dollar.
/// The day is the UTC day of the <see cref="TimeProvider"/>; spend restored at start comes from the ledger.
/// </summary>
public sealed class CloudSpendGuard(TimeProvider time)
{
    private readonly Lock _lock = new();
    private DateOnly _day = Today(time);
    private double _spentUsd;
    private double _reservedUsd;

    public double CapUsd { get; private set; }

    public void Configure(double capUsd, double spentTodayUsd)
    {
        lock (_lock)
        {
            CapUsd = capUsd;
            _spentUsd = spentTodayUsd;
        }
    }

    public void SetCap(double capUsd)
    {
        lock (_lock)
        {
            CapUsd = capUsd;
        }
    }

    public double RemainingUsd
    {
        get
        {
            lock (_lock)
            {
                RollOver();
                return CapUsd - _spentUsd - _reservedUsd;
            }
        }
    }

    /// <summary>Reserves <paramref name="quoteUsd"/> when it fits under the cap.</summary>
    public bool TryReserve(double quoteUsd)
    {
        lock (_lock)
        {
            RollOver();
            if (_spentUsd + _reservedUsd + quoteUsd > CapUsd)
            {
                return false;
            }

            _reservedUsd += quoteUsd;
            return true;
        }
    }

    /// <summary>Releases a reservation and books what the call actually cost (never more than its quote).</summary>
    public void Settle(double reservedUsd, double actualUsd)
    {
        lock (_lock)
        {
            RollOver();
            _reservedUsd = Math.Max(0, _reservedUsd - reservedUsd);
            _spentUsd += actualUsd;
        }
    }

    private void RollOver()
    {
        var today = Today(time);
        if (today != _day)
        {
            _day = today;
            _spentUsd = 0;
        }
    }

    private static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
}
