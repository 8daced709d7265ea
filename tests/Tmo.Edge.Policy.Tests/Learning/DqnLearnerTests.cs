using Tmo.Edge.Policy.Learning;
using static Tmo.Edge.Policy.Tests.Learning.LearnerTestKit;

namespace Tmo.Edge.Policy.Tests.Learning;

public sealed class DqnLearnerTests
{
    [Fact]
    public void Dqn_learns_the_right_action_for_every_context()
    {
        var result = new DqnLearner().Train(Bandit(), totalSteps: 5_000, seed: 1);

        AssertGreedyPolicyIsRightForEveryContext(result.Policy);
        Assert.Equal(PolicyKind.QValue, result.Policy.Kind);
        Assert.Null(result.Policy.ValueNetwork);
        Assert.True(double.IsFinite(result.Metrics.ValueLoss));
        Assert.Null(result.Metrics.PolicyLoss);
    }

    [Fact]
    public void Dqn_with_the_same_seed_reproduces_the_same_weights_bit_for_bit()
    {
        var first = new DqnLearner().Train(Bandit(), 1_000, seed: 7);
        var second = new DqnLearner().Train(Bandit(), 1_000, seed: 7);
        var other = new DqnLearner().Train(Bandit(), 1_000, seed: 8);

        Assert.Equal(AllParameters(first.Policy), AllParameters(second.Policy));
        Assert.Equal(first.Metrics, second.Metrics);
        Assert.NotEqual(AllParameters(first.Policy), AllParameters(other.Policy));
    }

    [Fact]
    public void Dqn_collects_whole_training_rounds_and_reports_progress_every_500_steps()
    {
        var progress = new RecordingProgress();

        var result = new DqnLearner().Train(Bandit(), totalSteps: 1_001, seed: 1, progress);

        // train_freq 4: the last round runs to 1,004 steps.
        Assert.Equal(1_004, result.Metrics.Steps);
        Assert.Equal([500, 1_000, 1_004], progress.Reports.Select(p => p.Step));
    }

    [Fact]
    public void Dqn_reports_no_loss_when_training_ends_before_learning_starts()
    {
        var result = new DqnLearner().Train(Bandit(), totalSteps: 100, seed: 1);

        Assert.True(double.IsNaN(result.Metrics.ValueLoss));
        Assert.Equal(33, result.Metrics.Episodes);
    }

    [Fact]
    public void Dqn_stops_when_cancelled()
    {
        using var cancellation = new CancellationTokenSource();
        var progress = new RecordingProgress(_ => cancellation.Cancel());

        Assert.ThrowsAny<OperationCanceledException>(
            () => new DqnLearner().Train(Bandit(), 10_000, seed: 1, progress, cancellation.Token));
        Assert.Single(progress.Reports);
    }
}
