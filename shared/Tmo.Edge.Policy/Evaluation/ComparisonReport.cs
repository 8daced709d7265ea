namespace Tmo.Edge.Policy.Evaluation;

/// <summary>Every method's metrics per seed, in the order the methods were asked for.</summary>
public sealed record ComparisonReport(IReadOnlyList<MethodSummary> Methods, EvaluationBudgets Budgets, IReadOnlyList<int> Seeds);

/// <summary>One method over all seeds: the per-seed metrics and their mean and (population) standard deviation.</summary>
public sealed record MethodSummary(string Name, IReadOnlyList<MethodMetrics> PerSeed)
{
    public Statistic ResponseScore => Of(m => m.ResponseScore);

    public Statistic AssociationScore => Of(m => m.AssociationScore);

    public Statistic LatencyS => Of(m => m.LatencyS);

    public Statistic UsageUsd => Of(m => m.UsageUsd);

    public Statistic Reward => Of(m => m.Reward);

    public Statistic LatencyViolationShare => Of(m => m.LatencyViolationShare);

    public Statistic UsageViolationShare => Of(m => m.UsageViolationShare);

    public Statistic LatencyExcessS => Of(m => m.LatencyExcessS);

    public Statistic UsageExcessUsd => Of(m => m.UsageExcessUsd);

    /// <summary>Turn counts summed over seeds.</summary>
    public ActionHistogram Actions => new(
        PerSeed.Sum(m => m.Actions.Local),
        PerSeed.Sum(m => m.Actions.CloudText),
        PerSeed.Sum(m => m.Actions.CloudViews),
        PerSeed.Sum(m => m.Actions.Refused));

    /// <summary>Per seed, the method auto selection picked (null entries for any other method).</summary>
    public IReadOnlyList<string?> Selected => PerSeed.Select(m => m.Selected).ToArray();

    private Statistic Of(Func<MethodMetrics, double> metric) => Statistic.Of(PerSeed.Select(metric).ToArray());
}

public readonly record struct Statistic(double Mean, double Std)
{
    public static Statistic Of(IReadOnlyList<double> values)
    {
        var mean = values.Average();
        var variance = values.Sum(v => (v - mean) * (v - mean)) / values.Count;
        return new Statistic(mean, Math.Sqrt(variance));
    }
}
