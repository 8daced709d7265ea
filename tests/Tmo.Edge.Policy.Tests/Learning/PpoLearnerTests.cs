using Tmo.Edge.Policy.Learning;
using static Tmo.Edge.Policy.Tests.Learning.LearnerTestKit;

namespace Tmo.Edge.Policy.Tests.Learning;

public sealed class PpoLearnerTests
{
    // Small rollouts keep the structural tests quick; learning uses the SB3 defaults.
    private static readonly PpoHyperparameters Short = new() { StepsPerRollout = 250, Epochs = 2 };

    [Fact]
    public void Ppo_learns_the_right_action_for_every_context()
    {
        var result = new PpoLearner().Train(Bandit(), totalSteps: 4_096, seed: 1);

        AssertGreedyPolicyIsRightForEveryContext(result.Policy);
        Assert.Equal(PolicyKind.ActorCritic, result.Policy.Kind);
        Assert.NotNull(result.Policy.ValueNetwork);
    }

    [Fact]
    public void Ppo_with_the_same_seed_reproduces_the_same_weights_bit_for_bit()
    {
        var first = new PpoLearner(Short).Train(Bandit(), 500, seed: 7);
        var second = new PpoLearner(Short).Train(Bandit(), 500, seed: 7);
        var other = new PpoLearner(Short).Train(Bandit(), 500, seed: 8);

        Assert.Equal(AllParameters(first.Policy), AllParameters(second.Policy));
        Assert.Equal(first.Metrics, second.Metrics);
        Assert.NotEqual(AllParameters(first.Policy), AllParameters(other.Policy));
    }

    [Fact]
    public void Ppo_trains_whole_rollouts_and_reports_progress_every_500_steps()
    {
        var progress = new RecordingProgress();

        // 900 requested steps become 4 rollouts of 250, each cut into minibatches of 64, 64, 64 and 58.
        var result = new PpoLearner(Short).Train(Bandit(), totalSteps: 900, seed: 1, progress);

        Assert.Equal(1_000, result.Metrics.Steps);
        Assert.Equal([500, 1_000], progress.Reports.Select(p => p.Step));
        Assert.All(progress.Reports, p => Assert.Equal(1_000, p.TotalSteps));
        Assert.True(double.IsFinite(result.Metrics.ValueLoss));
        Assert.NotNull(result.Metrics.PolicyLoss);
    }

    [Fact]
    public void Ppo_stops_when_cancelled()
    {
        using var cancellation = new CancellationTokenSource();
        var progress = new RecordingProgress(_ => cancellation.Cancel());

        Assert.ThrowsAny<OperationCanceledException>(
            () => new PpoLearner(Short).Train(Bandit(), 10_000, seed: 1, progress, cancellation.Token));
        Assert.Single(progress.Reports);
    }
}
