using Tmo.Edge.Policy.Learning;
using static Tmo.Edge.Policy.Tests.Learning.LearnerTestKit;

namespace Tmo.Edge.Policy.Tests.Learning;

public sealed class A2cLearnerTests
{
    [Fact]
    public void A2c_learns_the_right_action_for_every_context()
    {
        var result = new A2cLearner().Train(Bandit(), totalSteps: 3_000, seed: 1);

        AssertGreedyPolicyIsRightForEveryContext(result.Policy);
        Assert.Equal(PolicyKind.ActorCritic, result.Policy.Kind);
        Assert.NotNull(result.Policy.ValueNetwork);
        Assert.True(result.Metrics.MeanEpisodeReward > 2.5, $"mean episode reward {result.Metrics.MeanEpisodeReward}");
    }

    [Fact]
    public void A2c_with_the_same_seed_reproduces_the_same_weights_bit_for_bit()
    {
        var first = new A2cLearner().Train(Bandit(), 500, seed: 7);
        var second = new A2cLearner().Train(Bandit(), 500, seed: 7);
        var other = new A2cLearner().Train(Bandit(), 500, seed: 8);

        Assert.Equal(AllParameters(first.Policy), AllParameters(second.Policy));
        Assert.Equal(first.Metrics, second.Metrics);
        Assert.NotEqual(AllParameters(first.Policy), AllParameters(other.Policy));
    }

    [Fact]
    public void A2c_trains_whole_rollouts_and_reports_progress_every_500_steps()
    {
        var progress = new RecordingProgress();

        var result = new A2cLearner().Train(Bandit(), totalSteps: 1_203, seed: 1, progress);

        // 241 rollouts of 5 steps; episodes last 3 steps.
        Assert.Equal(1_205, result.Metrics.Steps);
        Assert.Equal(401, result.Metrics.Episodes);
        Assert.Equal([500, 1_000, 1_205], progress.Reports.Select(p => p.Step));
        Assert.All(progress.Reports, p => Assert.Equal(1_205, p.TotalSteps));
        Assert.NotNull(result.Metrics.PolicyLoss);
        Assert.NotNull(result.Metrics.EntropyLoss);
    }

    [Fact]
    public void A2c_stops_when_cancelled()
    {
        using var cancellation = new CancellationTokenSource();
        var progress = new RecordingProgress(_ => cancellation.Cancel());

        Assert.ThrowsAny<OperationCanceledException>(
            () => new A2cLearner().Train(Bandit(), 10_000, seed: 1, progress, cancellation.Token));
        Assert.Single(progress.Reports);
    }
}
