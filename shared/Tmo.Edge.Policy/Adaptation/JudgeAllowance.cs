namespace Tmo.Edge.Policy.Adaptation;

/// <summary>
/// Which answers a judge rates and whether it may pay for them: a seeded share of turns, each sample's cost (the
/// judge's own call, and any shadow answer) charged against a daily USD cap of its own, separate from the dialogue
/// budgets. A sample the day's cap cannot pay for is dropped and counted, never deferred: no retry storm at midnight.
/// Not thread-safe.
/// </summary>
public sealed class JudgeAllowance
{
    private readonly Random _random;
    private DateOnly _day;
    private double _spentTodayUsd;

    public JudgeAllowance(double share, double dailyCapUsd, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(share);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(share, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(dailyCapUsd);
        Share = share;
        DailyCapUsd = dailyCapUsd;
        _random = new Random(seed);
    }

    public double Share { get; }

    public double DailyCapUsd { get; }

    /// <summary>Everything charged so far, all days together.</summary>
    public double SpentUsd { get; private set; }

    /// <summary>The most any one day spent: never above <see cref="DailyCapUsd"/>.</summary>
    public double MaxDailySpendUsd { get; private set; }

    public int Charged { get; private set; }

    public int DroppedForCap { get; private set; }

    /// <summary>What <paramref name="day"/> has been charged so far (0 for a day not charged yet).</summary>
    public double SpentOn(DateOnly day) => day == _day ? _spentTodayUsd : 0;

    /// <summary>Draws whether this turn is in the judged share.</summary>
    public bool Sample() => Share > 0 && _random.NextDouble() < Share;

    /// <summary>Charges <paramref name="costUsd"/> to <paramref name="day"/> when the day's cap still covers it; otherwise counts a drop.</summary>
    public bool TryCharge(DateOnly day, double costUsd)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(costUsd);
        if (day != _day)
        {
            (_day, _spentTodayUsd) = (day, 0);
        }

        if (_spentTodayUsd + costUsd > DailyCapUsd)
        {
            DroppedForCap++;
            return false;
        }

        _spentTodayUsd += costUsd;
        SpentUsd += costUsd;
        MaxDailySpendUsd = Math.Max(MaxDailySpendUsd, _spentTodayUsd);
        Charged++;
        return true;
    }
}
