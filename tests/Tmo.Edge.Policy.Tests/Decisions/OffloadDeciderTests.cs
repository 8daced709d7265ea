using Tmo.Edge.Policy.Costs;
using Tmo.Edge.Policy.Dataset;
using Tmo.Edge.Policy.Decisions;
using Tmo.Edge.Policy.Environment;
using Tmo.Edge.Policy.Evaluation;
using Tmo.Edge.Policy.Learning;
using Tmo.Edge.Policy.Training;

namespace Tmo.Edge.Policy.Tests.Decisions;

[Collection(M4A1Collection.Name)]
public sealed class OffloadDeciderTests(M4A1Fixture m4a1)
{
    private NeuralPolicy TrainedPolicy()
    {
        var scenario = OffloadingScenario.For(m4a1.Dataset, DeviceProfile.Default, CloudProfile.Default);
        var workspace = new SplitWorkspace(scenario, DatasetSplit.BySeed(m4a1.Dataset, 1), 1);
        return MethodTrainer.Train(MethodSpec.Named("RC-A2C"), workspace, new TrainingSetup(Steps: 2_000)).Training!.Policy;
    }

    [Fact]
    public void The_chosen_action_is_the_best_allowed_one_and_masked_actions_carry_reasons()
    {
        var policy = TrainedPolicy();
        var decider = new OffloadDecider(policy);
        var observation = new float[27];
        observation.AsSpan(0, 20).Fill(-1);
        observation[20] = -1;
        observation[24] = 2;
        observation[25] = 20;
        observation[26] = 0.03f;
        var costs = OffloadingScenario.For(m4a1.Dataset, DeviceProfile.Default, CloudProfile.Default).Costs;
        bool[] feasible = [false, true, true, true, true, true, true, true, true];
        var probabilities = new float[9];
        var masked = new MaskedAction[9];

        var decision = decider.Decide(new DecisionRequest(observation, costs.LatencyS, costs.UsageUsd, feasible, 20, 0.03, new LaterTurnReserve(1, costs.LatencyS, costs.UsageUsd)), probabilities, masked);

        Assert.NotEqual(0, decision.Action);
        Assert.Contains(new MaskedAction(0, MaskReason.Infeasible), masked[..decision.MaskedCount]);
        var allowed = Enumerable.Range(0, 9).Where(a => !masked[..decision.MaskedCount].Any(m => m.Action == a)).ToArray();
        Assert.Equal(allowed.MaxBy(a => probabilities[a]), decision.Action);
        Assert.Equal(1f, probabilities.Sum(), precision: 4);
    }

    [Fact]
    public void An_exhausted_budget_yields_no_action_instead_of_an_overspend()
    {
        var decider = new OffloadDecider(TrainedPolicy());
        var costs = OffloadingScenario.For(m4a1.Dataset, DeviceProfile.Default, CloudProfile.Default).Costs;
        var observation = new float[27];
        var masked = new MaskedAction[9];

        var decision = decider.Decide(new DecisionRequest(observation, costs.LatencyS, costs.UsageUsd, [], 0.001, 0.05, LaterTurnReserve.None), new float[9], masked);

        Assert.True(decision.BudgetExhausted);
        Assert.Equal(9, decision.MaskedCount);
        Assert.All(masked, m => Assert.Equal(MaskReason.LatencyBudget, m.Reason));
    }

    [Fact]
    public void Deciding_allocates_nothing()
    {
        var decider = new OffloadDecider(TrainedPolicy());
        var costs = OffloadingScenario.For(m4a1.Dataset, DeviceProfile.Default, CloudProfile.Default).Costs;
        var observation = new float[27];
        var probabilities = new float[9];
        var masked = new MaskedAction[9];
        var feasible = new bool[9];
        Array.Fill(feasible, true);
        var request = new DecisionRequest(observation, costs.LatencyS, costs.UsageUsd, feasible, 20, 0.03, new LaterTurnReserve(2, costs.LatencyS, costs.UsageUsd));
        decider.Decide(request, probabilities, masked);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            observation[25] = i % 30;
            decider.Decide(new DecisionRequest(observation, costs.LatencyS, costs.UsageUsd, feasible, i % 30, 0.03, new LaterTurnReserve(i % 5, costs.LatencyS, costs.UsageUsd)), probabilities, masked);
        }

        // Per call nothing; the JIT tiering up the loop may allocate a few bytes once, which a per-call
        // allocation (at least 24 bytes x 10,000 calls) would dwarf.
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 1_000);
    }
}
