using Tmo.Edge.Policy.Checkpoints;
using Tmo.Edge.Policy.Costs;
using Tmo.Edge.Policy.Dataset;
using Tmo.Edge.Policy.Environment;
using Tmo.Edge.Policy.Evaluation;
using Tmo.Edge.Policy.Training;

namespace Tmo.Edge.Policy.Tests.Checkpoints;

[Collection(M4A1Collection.Name)]
public sealed class CheckpointTests(M4A1Fixture m4a1) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tmo-checkpoint-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private OffloadingScenario Scenario => OffloadingScenario.For(m4a1.Dataset, DeviceProfile.Default, CloudProfile.Default);

    [Theory]
    [InlineData("RC-A2C")]
    [InlineData("DQN")]
    public async Task Saved_checkpoint_restores_a_policy_that_decides_identically(string methodName)
    {
        var (checkpoint, path) = await TrainAndSave(MethodSpec.Named(methodName));
        var original = CheckpointCodec.ToPolicy(checkpoint);

        var loaded = await CheckpointCodec.LoadAsync(path);
        var restored = CheckpointCodec.ToPolicy(loaded);

        Assert.Equal(checkpoint.PolicyVersion, loaded.PolicyVersion);
        Assert.Equal(m4a1.Dataset.ContentSha256, loaded.Data.Sha256);
        Assert.Equal(20, loaded.Data.TestEpisodeIds.Count);
        Assert.Equal(Scenario.Tasks.Names, loaded.Tasks);
        Assert.Equal(original.Network.Parameters, restored.Network.Parameters);
        var observation = new float[checkpoint.ObservationLength];
        var p1 = new float[9];
        var p2 = new float[9];
        var random = new Random(1);
        for (var i = 0; i < 100; i++)
        {
            for (var j = 0; j < observation.Length; j++)
            {
                observation[j] = random.Next(-1, 4);
            }

            Assert.Equal(original.Decide(observation, [], p1), restored.Decide(observation, [], p2));
            Assert.Equal(p1, p2);
        }
    }

    [Fact]
    public async Task Checkpoint_for_another_camera_count_or_task_list_does_not_fit()
    {
        var (checkpoint, _) = await TrainAndSave(MethodSpec.Named("RC-A2C"));
        CheckpointCompatibility.EnsureFits(checkpoint, Scenario);

        var sixViews = new OffloadingScenario(6, m4a1.Dataset.Tasks, DeviceProfile.Default, CloudProfile.Synthetic(6), RewardWeights.Default);
        var error = Assert.Throws<CheckpointException>(() => CheckpointCompatibility.EnsureFits(checkpoint, sixViews));
        Assert.Contains("X = 3 camera views, the environment has 6", error.Message, StringComparison.Ordinal);

        var otherTasks = new OffloadingScenario(3, new TaskVocabulary(["Query", "Chat"]), DeviceProfile.Default, CloudProfile.Default, RewardWeights.Default);
        error = Assert.Throws<CheckpointException>(() => CheckpointCompatibility.EnsureFits(checkpoint, otherTasks));
        Assert.Contains("task vocabulary", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"modalities\": 3", "\"modalities\": 4", "needs 32 -> 17")]
    [InlineData("\"formatVersion\": 1", "\"formatVersion\": 9", "format version 9")]
    [InlineData("\"activation\": \"Tanh\"", "\"activation\": \"Sigmoid\"", "Unknown network activation 'Sigmoid'")]
    public async Task Tampered_checkpoint_is_a_clear_error(string original, string replacement, string expected)
    {
        var (_, path) = await TrainAndSave(MethodSpec.Named("RC-A2C"));
        var text = await File.ReadAllTextAsync(path);
        Assert.Contains(original, text, StringComparison.Ordinal);
        await File.WriteAllTextAsync(path, text.Replace(original, replacement, StringComparison.Ordinal));

        var error = await Assert.ThrowsAsync<CheckpointException>(() => CheckpointCodec.LoadAsync(path));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Truncated_weights_are_a_clear_error()
    {
        var (checkpoint, path) = await TrainAndSave(MethodSpec.Named("RC-A2C"));
        var truncated = checkpoint with { Network = checkpoint.Network with { Parameters = checkpoint.Network.Parameters[..100] } };
        await CheckpointCodec.SaveAsync(truncated, path);

        var error = await Assert.ThrowsAsync<CheckpointException>(() => CheckpointCodec.LoadAsync(path));
        Assert.Contains("network", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Auto_checkpoint_records_the_winner_and_round_trips_its_candidates_table()
    {
        var (checkpoint, path) = await TrainAndSave(MethodSpec.Shipped);

        var loaded = await CheckpointCodec.LoadAsync(path);

        var selection = Assert.IsType<CheckpointSelection>(loaded.Selection);
        Assert.Equal(6, selection.Candidates.Count);
        Assert.Equal(checkpoint.Selection!.Candidates, selection.Candidates, (a, b) =>
            a.Method == b.Method && a.Seed == b.Seed && a.ValidationRewards.SequenceEqual(b.ValidationRewards)
            && a.ViolationShare == b.ViolationShare && a.RefusedShare == b.RefusedShare);
        Assert.Equal([EvaluationBudgets.Default, EvaluationBudgets.Tight], selection.Budgets);
        var winner = MethodSpec.ForAlgorithm(Enum.Parse<Tmo.Edge.Policy.Learning.Algorithm>(loaded.Algorithm), loaded.ResourceConstrained);
        Assert.Equal(selection.Candidates.MaxBy(c => c.MeanReward)!.Method, winner.Name);
        Assert.StartsWith(winner.Name.ToLowerInvariant() + "-", loaded.PolicyVersion, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Checkpoint_written_before_auto_selection_still_loads_without_a_candidates_table()
    {
        var (checkpoint, _) = await TrainAndSave(MethodSpec.Named("RC-A2C"));
        var json = System.Text.Json.Nodes.JsonNode.Parse(CheckpointCodec.Serialize(checkpoint))!.AsObject();
        Assert.True(json.Remove("selection"));

        var loaded = CheckpointCodec.Parse(System.Text.Encoding.UTF8.GetBytes(json.ToJsonString()), "old.json");

        Assert.Null(loaded.Selection);
        Assert.Equal(checkpoint.Network, loaded.Network with { Layers = checkpoint.Network.Layers });
    }

    private async Task<(PolicyCheckpoint Checkpoint, string Path)> TrainAndSave(MethodSpec method)
    {
        var workspace = new SplitWorkspace(Scenario, DatasetSplit.BySeed(m4a1.Dataset, 1), 1);
        var setup = new TrainingSetup(Steps: 1_000) { Auto = new AutoSelectionOptions { Steps = null } };
        var checkpoint = PolicyTraining.Train(m4a1.Dataset, workspace, method, setup, EvaluationBudgets.Default, TimeProvider.System);
        var path = Path.Combine(_directory, $"{method.Name}.json");
        await CheckpointCodec.SaveAsync(checkpoint, path);
        return (checkpoint, path);
    }
}
