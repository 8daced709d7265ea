using Tmo.Edge.Policy.Costs;
using Tmo.Edge.Policy.Dataset;
using Tmo.Edge.Policy.Environment;
using Tmo.Edge.Policy.Evaluation;
using Tmo.Edge.Policy.Training;

namespace Tmo.Edge.Policy.Tests.Evaluation;

/// <summary>Learning outcomes on the real M4A1 file (no timing): what the paper claims, checked.</summary>
[Collection(M4A1Collection.Name)]
public sealed class LearningOnM4A1Tests(M4A1Fixture m4a1)
{
    private OffloadingScenario Scenario => OffloadingScenario.For(m4a1.Dataset, DeviceProfile.Default, CloudProfile.Default);

    [Fact]
    public async Task Rc_a2c_beats_random_and_local_only_and_keeps_every_test_dialogue_within_30_s_and_5_cents()
    {
        var report = await ComparisonRunner.RunAsync(m4a1.Dataset, Scenario, new ComparisonOptions
        {
            Seeds = [1],
            Methods = [MethodSpec.Named("Random"), MethodSpec.Named("Local"), MethodSpec.Named("RC-A2C")],
        });
        var random = report.Methods.Single(m => m.Name == "Random");
        var local = report.Methods.Single(m => m.Name == "Local");
        var rcA2c = report.Methods.Single(m => m.Name == "RC-A2C");

        Assert.True(rcA2c.Reward.Mean > random.Reward.Mean, $"RC-A2C {rcA2c.Reward.Mean:F3} <= Random {random.Reward.Mean:F3}");
        Assert.True(rcA2c.Reward.Mean > local.Reward.Mean, $"RC-A2C {rcA2c.Reward.Mean:F3} <= Local {local.Reward.Mean:F3}");
        Assert.Equal(0, rcA2c.LatencyViolationShare.Mean);
        Assert.Equal(0, rcA2c.UsageViolationShare.Mean);
    }

    [Fact]
    public async Task With_the_shield_no_method_overspends_even_at_10_s_and_1_cent()
    {
        var report = await ComparisonRunner.RunAsync(m4a1.Dataset, Scenario, new ComparisonOptions
        {
            Seeds = [2],
            Methods = MethodSpec.All,
            Training = new TrainingSetup(Steps: 5_000) { Auto = new AutoSelectionOptions { Steps = null } },
            Budgets = EvaluationBudgets.Tight,
            Shield = true,
        });

        var cloud = report.Methods.Single(m => m.Name == "Cloud");
        Assert.True(cloud.LatencyViolationShare.Mean > 0, "without the shield Cloud-only should overrun 10 s: the test would prove nothing");
        var shielded = report.Methods.Where(m => m.Name.EndsWith("+Shield", StringComparison.Ordinal)).ToArray();
        Assert.Equal(MethodSpec.All.Count(m => !m.UsesHindsight), shielded.Length);
        Assert.DoesNotContain(report.Methods, m => m.Name == "Oracle+Shield");
        Assert.All(shielded.Append(report.Methods.Single(m => m.Name == "Oracle")), m =>
        {
            Assert.Equal(0, m.LatencyViolationShare.Mean);
            Assert.Equal(0, m.UsageViolationShare.Mean);
        });
    }

    [Fact]
    public void A_seed_reproduces_training_bit_for_bit()
    {
        var workspace = new SplitWorkspace(Scenario, DatasetSplit.BySeed(m4a1.Dataset, 4), 4);
        var method = MethodSpec.Named("RC-A2C");
        var setup = new TrainingSetup(Steps: 3_000);

        var first = MethodTrainer.Train(method, workspace, setup).Training!;
        var second = MethodTrainer.Train(method, workspace, setup).Training!;
        var otherSeed = MethodTrainer.Train(method, new SplitWorkspace(Scenario, DatasetSplit.BySeed(m4a1.Dataset, 5), 5), setup).Training!;

        Assert.Equal(first.Policy.Network.Parameters, second.Policy.Network.Parameters);
        Assert.Equal(first.Metrics, second.Metrics);
        Assert.NotEqual(first.Policy.Network.Parameters, otherSeed.Policy.Network.Parameters);
    }

    [Fact]
    public async Task Six_camera_views_work_unchanged_on_a_synthetic_dataset()
    {
        var dataset = SyntheticDialogues.Generate(episodes: 60, turns: 6, modalities: 6, tasks: 6, seed: 9);
        var scenario = OffloadingScenario.For(dataset, DeviceProfile.Default, CloudProfile.Synthetic(6));
        Assert.Equal(65, scenario.Actions.Count);
        Assert.Equal(40, scenario.History.Length);

        // The exact Oracle would search up to 65^6 sequences per dialogue here, past its estimate limit (OracleEvaluatorTests).
        var policies = MethodSpec.All.Where(m => !m.UsesHindsight).ToArray();
        var report = await ComparisonRunner.RunAsync(dataset, scenario, new ComparisonOptions
        {
            Seeds = [1],
            Methods = policies,
            Training = new TrainingSetup(Steps: 3_000) { Auto = new AutoSelectionOptions { Steps = null } },
            Shield = true,
        });

        Assert.Equal(2 * policies.Length, report.Methods.Count);
        Assert.All(report.Methods, m =>
        {
            Assert.True(double.IsFinite(m.Reward.Mean), m.Name);
            Assert.Equal(12 * 6, m.Actions.Total);
        });
        Assert.True(report.Methods.Single(m => m.Name == "Cloud").Actions.CloudViews > 0);
    }
}
