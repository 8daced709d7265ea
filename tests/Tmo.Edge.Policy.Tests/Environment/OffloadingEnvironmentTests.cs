using Tmo.Edge.Policy.Costs;
using Tmo.Edge.Policy.Dataset;
using Tmo.Edge.Policy.Environment;

namespace Tmo.Edge.Policy.Tests.Environment;

[Collection(M4A1Collection.Name)]
public sealed class OffloadingEnvironmentTests(M4A1Fixture m4a1)
{
    private OffloadingScenario Scenario => OffloadingScenario.For(m4a1.Dataset, DeviceProfile.Default, CloudProfile.Default);

    [Fact]
    public void Reward_of_cloud_with_views_0_and_1_on_the_first_turn_of_episode_3_matches_the_formula()
    {
        var scenario = Scenario;
        var training = DatasetSplit.BySeed(m4a1.Dataset, 1).Train.Select(scenario.Prepare).ToArray();
        var estimator = EstimatorFitting.Fit(scenario, training);
        var episode3 = scenario.Prepare(m4a1.Episode(3));
        var environment = new OffloadingEnvironment(scenario, estimator, [episode3], new EnvironmentOptions(ResourceConstrained: false), seed: 1);
        var observation = new float[environment.ObservationLength];
        environment.Reset(observation);

        var step = environment.Step(5, observation);

        // By hand: association of views {0, 1} over the best subset {0, 1, 2}; the local action and text-only have 0.
        double[] views = [0.23006948828697205, 0.21917101740837097, 0.23701533675193787];
        var association = (views[0] + views[1]) / views.Sum();
        var localTime = 2 * 3.8e9 / 1024 * 2048 / (1330 * 1e9);
        var localUsage = 15 * localTime * 16.68 / 100 / 3.6e6;
        var latency = (6.24569 - localTime) / (6.98211 - localTime);
        var usage = (0.00945 - localUsage) / (0.01368 - localUsage);
        float[] query = [-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 3, 1, 1, 1, 0];
        var response = estimator.Estimate(query);
        var expected = response + ((association - latency - usage) / 3);

        Assert.Equal(expected, step.Reward, precision: 5);
        Assert.False(step.Done);
    }

    [Fact]
    public void Every_step_from_a_budget_overrun_on_earns_zero()
    {
        var scenario = Scenario;
        var episodes = m4a1.Dataset.Episodes.Select(scenario.Prepare).ToArray();
        var estimator = EstimatorFitting.Fit(scenario, episodes);
        var constrained = new OffloadingEnvironment(scenario, estimator, episodes, new EnvironmentOptions(ResourceConstrained: true), seed: 3);
        var free = new OffloadingEnvironment(scenario, estimator, episodes, new EnvironmentOptions(ResourceConstrained: false), seed: 3);
        var withBudget = new float[constrained.ObservationLength];
        var withoutBudget = new float[free.ObservationLength];
        var overruns = 0;

        for (var episode = 0; episode < 50; episode++)
        {
            constrained.Reset(withBudget);
            free.Reset(withoutBudget);
            var overrun = false;
            EnvironmentStep step;
            do
            {
                // The all-views cloud call is the dearest: budgets are drawn so that Z of them may not fit.
                step = constrained.Step(8, withBudget);
                var reference = free.Step(8, withoutBudget);
                var remainingLatency = step.Done ? double.NaN : withBudget[^2];
                overrun |= !step.Done && (remainingLatency < 0 || withBudget[^1] < 0);
                if (overrun)
                {
                    overruns++;
                    Assert.Equal(0f, step.Reward);
                }
                else if (!step.Done)
                {
                    Assert.Equal(reference.Reward, step.Reward);
                }
            }
            while (!step.Done);
        }

        Assert.True(overruns > 10, $"only {overruns} overrunning steps: the test did not exercise the rule");
    }

    [Fact]
    public void Same_seed_reproduces_episodes_budgets_and_rewards()
    {
        var scenario = Scenario;
        var episodes = m4a1.Dataset.Episodes.Select(scenario.Prepare).ToArray();
        var estimator = EstimatorFitting.Fit(scenario, episodes);
        Assert.Equal(Rollout(7), Rollout(7));
        Assert.NotEqual(Rollout(7), Rollout(8));

        List<float> Rollout(int seed)
        {
            var environment = new OffloadingEnvironment(scenario, estimator, episodes, new EnvironmentOptions(true, HistoryMode.Own, BudgetDistribution.ExtremeAware), seed);
            var observation = new float[environment.ObservationLength];
            var trace = new List<float>();
            environment.Reset(observation);
            for (var i = 0; i < 200; i++)
            {
                var step = environment.Step(i % environment.ActionCount, observation);
                trace.Add(step.Reward);
                if (step.Done)
                {
                    environment.Reset(observation);
                }

                trace.AddRange(observation);
            }

            return trace;
        }
    }

    [Fact]
    public void Logged_history_follows_the_dataset_and_own_history_follows_the_agent()
    {
        var scenario = Scenario;
        var episode3 = scenario.Prepare(m4a1.Episode(3));
        var estimator = EstimatorFitting.Fit(scenario, [episode3]);
        var logged = new OffloadingEnvironment(scenario, estimator, [episode3], new EnvironmentOptions(false, HistoryMode.Logged), seed: 1);
        var own = new OffloadingEnvironment(scenario, estimator, [episode3], new EnvironmentOptions(false, HistoryMode.Own), seed: 1);
        var a = new float[logged.ObservationLength];
        var b = new float[own.ObservationLength];
        logged.Reset(a);
        own.Reset(b);

        logged.Step(0, a);
        own.Step(0, b);

        // Episode 3's logged first turn was a cloud text-only call (previous action 1); the agent ran locally (0).
        Assert.Equal(1f, a[20]);
        Assert.Equal(0f, b[20]);
    }
}
