namespace Tmo.Edge.Policy.Evaluation;

/// <summary>Every method's metrics per seed, in the order the methods were asked for.</summary>
public sealed record ComparisonReport(IReadOnlyList<MethodSummary> Methods, EvaluationBudgets Budgets, IReadOnlyList<int> Seeds)
{
    /// <summary>Whether the methods were scored through the daemon's decision code (`--live`) rather than offline.</summary>
    public bool LivePath { get; init; }
}

/// <summary>
/// One method over all seeds: the per-seed metrics and their mean and (population) standard deviation; with the
/// Oracle's per-seed metrics (same seeds, same order) also the method's reward as a share of the Oracle's.
/// </summary>
public sealed record MethodSummary(string Name, IReadOnlyList<MethodMetrics> PerSeed, IReadOnlyList<MethodMetrics>? OraclePerSeed = null)
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

    /// <summary>The share of turns refused (budget exhausted or nothing could run).</summary>
    public Statistic RefusedShare => Of(m => m.Actions.RefusedShare);

    /// <summary>
    /// Mean reward / the Oracle's mean reward, per seed, then over seeds. Null without the Oracle, or when the Oracle's
    /// reward is not positive on some seed (a share of a non-positive optimum means nothing).
    /// </summary>
    public Statistic? OracleShare =>
        OraclePerSeed is { } oracle && oracle.All(o => o.Reward > 0)
            ? Statistic.Of(PerSeed.Zip(oracle, (m, o) => m.Reward / o.Reward).ToArray())
            : null;

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
