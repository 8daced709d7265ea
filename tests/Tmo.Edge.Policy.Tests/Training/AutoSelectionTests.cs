using Tmo.Edge.Policy.Costs;
using Tmo.Edge.Policy.Dataset;
using Tmo.Edge.Policy.Environment;
using Tmo.Edge.Policy.Evaluation;
using Tmo.Edge.Policy.Training;

namespace Tmo.Edge.Policy.Tests.Training;

[Collection(M4A1Collection.Name)]
public sealed class AutoSelectionTests(M4A1Fixture m4a1)
{
    private OffloadingScenario Scenario => OffloadingScenario.For(m4a1.Dataset, DeviceProfile.Default, CloudProfile.Default);

    private SplitWorkspace Workspace => new(Scenario, DatasetSplit.BySeed(m4a1.Dataset, 1), 1);

    [Theory]
    [InlineData("Local", "A2C")]
    [InlineData("A2C", "Local")]
    public void Auto_picks_the_trained_learner_over_local_only_whatever_the_order(string first, string second)
    {
        var options = new AutoSelectionOptions { Candidates = [MethodSpec.Named(first), MethodSpec.Named(second)], Steps = null };

        var selection = AutoSelection.Select(Workspace, new TrainingSetup(), options);

        Assert.Equal("A2C", selection.Winner.Method.Name);
        Assert.Equal(selection.Candidates.MaxBy(c => c.MeanReward), selection.WinnerRow);
        Assert.All(selection.Candidates, c => Assert.Equal(2, c.ValidationRewards.Count));
        Assert.All(selection.Candidates, c => Assert.Equal(0, c.ViolationShare));
    }

    [Fact]
    public void Auto_validates_local_only_exactly_as_the_shielded_evaluator_on_the_held_out_dialogues()
    {
        var workspace = Workspace;
        var options = new AutoSelectionOptions { Candidates = [MethodSpec.Named("Local")] };

        var row = AutoSelection.Select(workspace, new TrainingSetup(), options).WinnerRow;

        var holdout = workspace.HoldOut(options.ValidationShare);
        Assert.Equal(16, holdout.Test.Count);
        Assert.Empty(holdout.Test.Select(e => e.Id).Intersect(holdout.Train.Select(e => e.Id)));
        Assert.Empty(holdout.Test.Select(e => e.Id).Intersect(workspace.Test.Select(e => e.Id)));
        var policy = MethodTrainer.Train(MethodSpec.Named("Local"), holdout, new TrainingSetup()).Policy;
        var expected = options.Budgets.Select(b => new PolicyEvaluator(Scenario, holdout.FitEstimator(), b) { Shield = holdout.ShieldPlan(5) }
            .Evaluate(policy, resourceConstrained: false, holdout.Test).Reward);
        Assert.Equal(expected, row.ValidationRewards);
    }

    [Fact]
    public void Auto_restarts_train_each_candidate_once_per_seed_and_first_restart_uses_the_workspace_seed()
    {
        var options = new AutoSelectionOptions { Candidates = [MethodSpec.Named("RC-A2C")], Restarts = 3, Steps = null };

        var selection = AutoSelection.Select(Workspace, new TrainingSetup(Steps: 2_000), options);

        Assert.Equal([1, AutoSelection.RestartSeed(1, 1), AutoSelection.RestartSeed(1, 2)], selection.Candidates.Select(c => c.Seed));
        Assert.Equal(3, selection.Candidates.Select(c => c.Seed).Distinct().Count());
        Assert.Equal(selection.Candidates.MaxBy(c => c.MeanReward), selection.WinnerRow);
    }

    [Fact]
    public async Task Shipped_method_reports_the_selected_candidate_per_seed()
    {
        var report = await ComparisonRunner.RunAsync(m4a1.Dataset, Scenario, new ComparisonOptions
        {
            Seeds = [2],
            Methods = [MethodSpec.Shipped],
            Training = new TrainingSetup(Steps: 2_000) { Auto = new AutoSelectionOptions { Candidates = [MethodSpec.Named("RC-A2C"), MethodSpec.Named("A2C")], Steps = null } },
            Shield = true,
        });

        var shipped = report.Methods.Single(m => m.Name == ComparisonRunner.ShieldedName("Shipped"));
        Assert.Contains(shipped.Selected.Single(), new[] { "RC-A2C", "A2C" });
        Assert.Equal(0, shipped.LatencyViolationShare.Mean);
        Assert.Equal(0, shipped.UsageViolationShare.Mean);
    }
}
