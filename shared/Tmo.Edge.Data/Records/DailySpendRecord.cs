namespace Tmo.Edge.Data.Records;

/// <summary>Money spent on one UTC day, split by where the turns ran.</summary>
public sealed class DailySpendRecord
{
    public DateOnly Day { get; set; }

    public double CloudUsd { get; set; }

    public double LocalUsd { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
