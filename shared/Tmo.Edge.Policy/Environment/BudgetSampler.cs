namespace Tmo.Edge.Policy.Environment;

/// <summary>
/// Draws per-episode training budgets between the cost of Z local turns and of Z turns of the dearest cloud call.
/// </summary>
public sealed class BudgetSampler(BudgetDistribution distribution, BudgetRange latency, BudgetRange usage)
{
    // The reference's edge band: 10 % of the range, exponential distance from the edge.
    private const double EdgeBand = 0.1;

    public BudgetRange Latency { get; } = latency;

    public BudgetRange Usage { get; } = usage;

    public static BudgetSampler For(OffloadingScenario scenario, BudgetDistribution distribution)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var costs = scenario.Costs;
        var z = scenario.HistoryWindow;
        return new BudgetSampler(
            distribution,
            new BudgetRange(costs.LatencyS[0] * z, costs.LatencyS.Skip(1).Max() * z),
            new BudgetRange(costs.UsageUsd[0] * z, costs.UsageUsd.Skip(1).Max() * z));
    }

    public (double LatencyS, double UsageUsd) Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        switch (distribution)
        {
            case BudgetDistribution.Uniform:
                return (Latency.Uniform(random), Usage.Uniform(random));
            case BudgetDistribution.Normal:
                return (Latency.Normal(random), Usage.Normal(random));
            default:
                var r = random.NextDouble();
                if (r < 0.5)
                {
                    return (Latency.Normal(random), Usage.Normal(random));
                }

                if (r < 0.8)
                {
                    return (Latency.Uniform(random), Usage.Uniform(random));
                }

                if (r < 0.9)
                {
                    return random.NextDouble() < 0.5
                        ? (Latency.NearEdge(random, EdgeBand), Usage.Uniform(random))
                        : (Latency.Uniform(random), Usage.NearEdge(random, EdgeBand));
                }

                return (Latency.NearEdge(random, EdgeBand), Usage.NearEdge(random, EdgeBand));
        }
    }
}

/// <summary>A closed interval of budgets with the reference's three ways to draw from it.</summary>
public readonly record struct BudgetRange(double Min, double Max)
{
    public double Span => Max - Min;

    public double Uniform(Random random) => Min + (random.NextDouble() * Span);

    public double Normal(Random random) =>
        Math.Clamp(((Min + Max) / 2) + (Math.Max(Span / 6, 1e-8) * Gaussian.Sample(random)), Min, Max);

    public double NearEdge(Random random, double bandShare)
    {
        var distance = -Math.Log(1 - random.NextDouble()) * Math.Max(bandShare * Span, 1e-8);
        var value = random.NextDouble() < 0.5 ? Min + distance : Max - distance;
        return Math.Clamp(value, Min, Max);
    }
}
