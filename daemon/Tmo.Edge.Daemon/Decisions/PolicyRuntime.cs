using Tmo.Edge.Data.Policies;
using Tmo.Edge.Policy.Checkpoints;
using Tmo.Edge.Policy.Costs;
using Tmo.Edge.Policy.Dataset;
using Tmo.Edge.Policy.Environment;
using Tmo.Edge.Policy.Learning;

namespace Tmo.Edge.Daemon.Decisions;

/// <summary>
/// The loaded checkpoint and the environment it was trained for: observation layout, action space, task vocabulary
/// and profile costs. Lanes take their own <see cref="NeuralPolicy"/> clone (a policy is not thread-safe).
/// </summary>
public sealed class PolicyRuntime
{
    private PolicyRuntime(PolicyCheckpoint checkpoint, NeuralPolicy policy, OffloadingScenario scenario)
    {
        Checkpoint = checkpoint;
        Policy = policy;
        Scenario = scenario;
        Layout = scenario.ObservationFor(checkpoint.ResourceConstrained);
    }

    public PolicyCheckpoint Checkpoint { get; }

    public NeuralPolicy Policy { get; }

    public OffloadingScenario Scenario { get; }

    public ObservationLayout Layout { get; }

    public string Version => Checkpoint.PolicyVersion;

    public static async Task<PolicyRuntime> LoadAsync(string checkpointPath, TaskVocabulary tasks, CancellationToken cancellationToken)
    {
        var checkpoint = await CheckpointCodec.LoadAsync(checkpointPath, cancellationToken);
        var scenario = new OffloadingScenario(
            checkpoint.Modalities, tasks, checkpoint.Device, checkpoint.Cloud, checkpoint.RewardWeights, checkpoint.HistoryWindow);
        CheckpointCompatibility.EnsureFits(checkpoint, scenario);
        return new PolicyRuntime(checkpoint, CheckpointCodec.ToPolicy(checkpoint), scenario);
    }

    public CostTable Costs => Scenario.Costs;

    /// <summary>A lane's own model: a clone of the policy.</summary>
    public DecisionModel ForLane() => new(Policy.Clone(), Scenario, Layout, Version);

    /// <summary>This policy as the version store records it.</summary>
    public LoadedPolicy Describe(string checkpointPath) => new(
        Version,
        Checkpoint.Algorithm,
        checkpointPath,
        Checkpoint.Data.Sha256,
        $"{(Checkpoint.ResourceConstrained ? "RC-" : string.Empty)}{Checkpoint.Algorithm}, X = {Checkpoint.Modalities}, Z = {Checkpoint.HistoryWindow}");
}
