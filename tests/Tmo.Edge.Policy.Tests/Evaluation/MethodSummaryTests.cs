using Tmo.Edge.Policy.Evaluation;

namespace Tmo.Edge.Policy.Tests.Evaluation;

public sealed class MethodSummaryTests
{
    private static MethodMetrics WithReward(double reward) => new(0, 0, 0, 0, reward, 0, 0, 0, 0, new ActionHistogram(1, 0, 0, 0));

    [Fact]
    public void Oracle_share_is_the_per_seed_ratio_averaged_over_seeds()
    {
        // Per seed 0.5 / 1.0 and 0.6 / 0.8: shares 0.5 and 0.75, whereas the ratio of the means would be 0.611.
        var summary = new MethodSummary("Local", [WithReward(0.5), WithReward(0.6)], [WithReward(1.0), WithReward(0.8)]);

        var share = Assert.NotNull(summary.OracleShare);

        Assert.Equal(0.625, share.Mean, precision: 12);
        Assert.Equal(0.125, share.Std, precision: 12);
    }

    [Fact]
    public void Oracle_share_is_absent_without_the_oracle_or_with_a_non_positive_optimum()
    {
        Assert.Null(new MethodSummary("Local", [WithReward(0.5)]).OracleShare);
        Assert.Null(new MethodSummary("Local", [WithReward(0.5), WithReward(0.5)], [WithReward(1), WithReward(0)]).OracleShare);
    }
}
