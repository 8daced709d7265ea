using Tmo.Edge.Policy.Baselines;
using Tmo.Edge.Policy.Costs;
using Tmo.Edge.Policy.Dataset;
using Tmo.Edge.Policy.Environment;
using Tmo.Edge.Policy.Evaluation;
using Tmo.Edge.Policy.Learning;
using Tmo.Edge.Policy.Training;

namespace Tmo.Edge.Policy.Tests.Evaluation;

/// <summary>The Oracle against real policies on M4A1 splits: an upper bound that never overspends.</summary>
[Collection(M4A1Collection.Name)]
public sealed class OracleOnM4A1Tests(M4A1Fixture m4a1)
{
    private const double Rounding = 1e-9;

    private OffloadingScenario Scenario => OffloadingScenario.For(m4a1.Dataset, DeviceProfile.Default, CloudProfile.Default);

    private SplitWorkspace Workspace(int seed) => new(Scenario, DatasetSplit.BySeed(m4a1.Dataset, seed), seed);

    [Fact]
    public void Oracle_earns_at_least_what_any_policy_earns_on_a_dialogue_it_plays_within_the_budgets()
    {
        var workspace = Workspace(3);
        var budgets = EvaluationBudgets.Default;
        var actions = Scenario.Actions.Count;
        var rcA2c = MethodTrainer.Train(MethodSpec.Named("RC-A2C"), workspace, new TrainingSetup(Steps: 2_000)).Policy;
        (IActionPolicy Policy, bool ResourceConstrained)[] methods =
        [
            (WeightedRandomPolicy.Random(actions, 3), false),
            (WeightedRandomPolicy.LocalOnly(actions), false),
            (WeightedRandomPolicy.CloudOnly(actions, 3), false),
            (rcA2c, true),
        ];
        var oracle = new OracleEvaluator(Scenario, workspace.FitEstimator(), budgets).EvaluateDialogues(workspace.Test);

        var compared = 0;
        foreach (var shieldTurns in new int?[] { null, 5 })
        {
            var evaluator = new PolicyEvaluator(Scenario, workspace.FitEstimator(), budgets) { Shield = shieldTurns is { } turns ? workspace.ShieldPlan(turns) : null };
            foreach (var (policy, resourceConstrained) in methods)
            {
                var dialogues = evaluator.EvaluateDialogues(policy, resourceConstrained, workspace.Test);
                // A dialogue the method played within the budgets without a refusal is one of the Oracle's candidates.
                foreach (var (played, best) in dialogues.Zip(oracle).Where(p => IsOracleCandidate(p.First, budgets)))
                {
                    Assert.Equal(played.EpisodeId, best.EpisodeId);
                    Assert.True(best.Reward >= played.Reward - Rounding, $"dialogue {best.EpisodeId}: Oracle {best.Reward} < {played.Reward}");
                    compared++;
                }
            }
        }

        Assert.True(compared >= 4 * workspace.Test.Count, $"only {compared} dialogues compared: the test would prove little");
    }

    [Fact]
    public void Oracle_reward_is_what_the_evaluator_gives_its_action_sequence()
    {
        var workspace = Workspace(5);
        var oracle = new OracleEvaluator(Scenario, workspace.FitEstimator(), EvaluationBudgets.Default).EvaluateDialogues(workspace.Test);
        var replay = new ScriptedPolicy(Scenario.Actions.Count, oracle.SelectMany(d => d.Actions));

        var played = new PolicyEvaluator(Scenario, workspace.FitEstimator(), EvaluationBudgets.Default)
            .EvaluateDialogues(replay, resourceConstrained: false, workspace.Test);

        Assert.All(played.Zip(oracle), p =>
        {
            Assert.Equal(p.Second.Actions, p.First.Actions);
            Assert.Equal(p.Second.Reward, p.First.Reward, precision: 12);
            Assert.Equal(p.Second.Response, p.First.Response, precision: 12);
            Assert.Equal(p.Second.LatencyS, p.First.LatencyS, precision: 9);
        });
    }

    [Theory]
    [InlineData(30, 0.05)]
    [InlineData(10, 0.01)]
    [InlineData(4, 0.003)]
    [InlineData(0.025, 0.05)]
    public void Oracle_never_exceeds_a_budget_and_refuses_only_turns_where_nothing_fits(double latencyS, double usageUsd)
    {
        var workspace = Workspace(1);
        var costs = Scenario.Costs;

        var dialogues = new OracleEvaluator(Scenario, workspace.FitEstimator(), new EvaluationBudgets(latencyS, usageUsd)).EvaluateDialogues(workspace.Test);

        Assert.All(dialogues, d =>
        {
            Assert.True(d.LatencyS <= latencyS && d.UsageUsd <= usageUsd, $"dialogue {d.EpisodeId}: {d.LatencyS} s, {d.UsageUsd} USD");
            double latency = 0, usage = 0;
            foreach (var action in d.Actions)
            {
                if (action == DialogueOutcome.RefusedTurn)
                {
                    var fitting = Enumerable.Range(0, costs.LatencyS.Length)
                        .Count(a => latency + costs.LatencyS[a] <= latencyS - 1e-12 && usage + costs.UsageUsd[a] <= usageUsd - 1e-12);
                    Assert.True(fitting == 0, $"dialogue {d.EpisodeId} refused a turn where {fitting} actions fitted");
                    continue;
                }

                latency += costs.LatencyS[action];
                usage += costs.UsageUsd[action];
            }
        });
    }

    private static bool IsOracleCandidate(DialogueOutcome played, EvaluationBudgets budgets) =>
        played.LatencyS <= budgets.LatencyS && played.UsageUsd <= budgets.UsageUsd && !played.Actions.Contains(DialogueOutcome.RefusedTurn);

    /// <summary>Plays a fixed sequence of actions, one per decision, ignoring the observation.</summary>
    private sealed class ScriptedPolicy(int actionCount, IEnumerable<int> actions) : IActionPolicy
    {
        private readonly Queue<int> _actions = new(actions);

        public int ActionCount => actionCount;

        public int Decide(ReadOnlySpan<float> observation, ReadOnlySpan<bool> allowed, Span<float> probabilities) => _actions.Dequeue();
    }
}
