namespace Tmo.Edge.Data.Spending;

/// <summary>Money spent on one UTC day, by where the turns ran.</summary>
public sealed record DailySpend(DateOnly Day, double CloudUsd, double LocalUsd);
