using Tmo.Edge.Policy.Baselines;
using Tmo.Edge.Policy.Environment;

namespace Tmo.Edge.Policy.Tests.Baselines;

public sealed class BaselinePolicyTests
{
    [Fact]
    public void Random_picks_local_half_the_time_and_each_cloud_action_equally_often()
    {
        var policy = WeightedRandomPolicy.Random(9, seed: 1);
        var counts = new int[9];
        var probabilities = new float[9];
        for (var i = 0; i < 80_000; i++)
        {
            counts[policy.Decide([], [], probabilities)]++;
        }

        Assert.InRange(counts[0] / 80_000.0, 0.49, 0.51);
        Assert.All(counts[1..], c => Assert.InRange(c / 80_000.0, 0.0575, 0.0675));
        Assert.Equal([0.5f, .. Enumerable.Repeat(0.0625f, 8)], probabilities);
    }

    [Fact]
    public void Stochastic_baselines_only_pick_allowed_actions()
    {
        var policy = WeightedRandomPolicy.CloudOnly(9, seed: 2);
        bool[] allowed = [true, false, false, true, false, false, false, false, true];
        var probabilities = new float[9];
        var picks = Enumerable.Range(0, 1_000).Select(_ => policy.Decide([], allowed, probabilities)).ToHashSet();
        Assert.Equal([3, 8], picks.Order());
        Assert.Equal(-1, WeightedRandomPolicy.LocalOnly(9).Decide([], [false, true, true, true, true, true, true, true, true], probabilities));
    }

    [Fact]
    public void Bandits_learn_the_best_action_of_each_task()
    {
        // Task 0 pays best for action 2, task 1 for action 0.
        foreach (TaskBandit bandit in new TaskBandit[] { new EpsilonGreedyBandit(2, 3, taskOffset: 0), new Ucb1Bandit(2, 3, taskOffset: 0) })
        {
            bandit.Train(new TwoTaskEnvironment(), steps: 3_000, seed: 1);
            var probabilities = new float[3];
            Assert.Equal(2, bandit.Decide([0f], [], probabilities));
            Assert.Equal(0, bandit.Decide([1f], [], probabilities));
            Assert.Contains(bandit.Decide([1f], [false, true, true], probabilities), new[] { 1, 2 });
        }
    }

    private sealed class TwoTaskEnvironment : ITrainingEnvironment
    {
        private readonly Random _random = new(3);
        private int _task;

        public int ObservationLength => 1;

        public int ActionCount => 3;

        public void Reset(Span<float> observation)
        {
            _task = _random.Next(2);
            observation[0] = _task;
        }

        public EnvironmentStep Step(int action, Span<float> nextObservation)
        {
            var best = _task == 0 ? 2 : 0;
            var reward = (action == best ? 1f : 0.2f) + (0.1f * (float)_random.NextDouble());
            nextObservation.Fill(-1);
            return new EnvironmentStep(reward, Done: true);
        }
    }
}
