using FsCheck;
using FsCheck.Fluent;
using Tmo.Edge.Policy.Checkpoints;
using Tmo.Edge.Policy.Costs;
using Tmo.Edge.Policy.Dataset;
using Tmo.Edge.Policy.Environment;
using Tmo.Edge.Policy.Evaluation;
using Tmo.Edge.Policy.Training;

namespace Tmo.Edge.Policy.Tests.Fuzzing;

/// <summary>Damaged checkpoint files: a usable policy or a <see cref="CheckpointException"/>, nothing else.</summary>
public sealed class CheckpointFuzzTests
{
    private static readonly Lazy<byte[]> ValidCheckpoint = new(TrainSmallCheckpoint);

    [Fuzz]
    public Property A_damaged_checkpoint_loads_as_a_policy_or_fails_with_a_checkpoint_error() =>
        Prop.ForAll(FuzzInputs.MutationsOf(ValidCheckpoint.Value), bytes =>
        {
            try
            {
                var checkpoint = CheckpointCodec.Parse(bytes, "fuzzed.json");
                Assert.True(CheckpointCodec.ToPolicy(checkpoint).ActionCount > 0);
            }
            catch (CheckpointException exception)
            {
                Assert.Contains("'fuzzed.json'", exception.Message, StringComparison.Ordinal);
            }
        });

    [Fact]
    public void The_undamaged_checkpoint_parses()
    {
        var checkpoint = CheckpointCodec.Parse(ValidCheckpoint.Value, "valid.json");

        Assert.Equal("A2C", checkpoint.Algorithm);
    }

    private static byte[] TrainSmallCheckpoint()
    {
        var dataset = SyntheticDialogues.Generate(episodes: 20, turns: 5, modalities: 3, tasks: 4, seed: 1);
        var scenario = OffloadingScenario.For(dataset, DeviceProfile.Default, CloudProfile.Default);
        var workspace = new SplitWorkspace(scenario, DatasetSplit.BySeed(dataset, 1), 1);
        var checkpoint = PolicyTraining.Train(dataset, workspace, MethodSpec.Named("RC-A2C"), new TrainingSetup(Steps: 200), EvaluationBudgets.Default, TimeProvider.System);
        return CheckpointCodec.Serialize(checkpoint);
    }
}
