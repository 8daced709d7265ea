using Tmo.Edge.Policy.Adaptation;
using Tmo.Edge.Policy.Checkpoints;
using Tmo.Edge.Policy.Training;

namespace Tmo.Edge.Daemon.Learning;

/// <summary>
/// A round's challenger as a checkpoint: the champion's checkpoint with the challenger's networks, the round's seed and
/// training, and the prices the round trained for. Its version ends in the network's fingerprint, so a challenger that
/// was held back (and never saved) is still named in the round's record.
/// </summary>
internal static class ChallengerCheckpoint
{
    public static PolicyCheckpoint From(PolicyCheckpoint champion, ChallengerRound round, DateTimeOffset createdAt, int seed, double wallTimeS)
    {
        ArgumentNullException.ThrowIfNull(champion);
        ArgumentNullException.ThrowIfNull(round);
        if (round.Challenger.Training is not { } result || round.Challenger.Acting.Algorithm is not { } algorithm)
        {
            throw new InvalidOperationException($"The challenger '{round.Method}' is not a trained network and cannot be saved as a checkpoint.");
        }

        // The learner trains with the default setup (its own history, normal budgets): the checkpoint says so.
        var setup = new TrainingSetup();
        var network = CheckpointCodec.FromMlp(result.Policy.Kind, result.Policy.Network);
        return champion with
        {
            PolicyVersion = $"{round.Challenger.Acting.Name.ToLowerInvariant()}-device-{createdAt:yyyy-MM-dd}-{CheckpointCodec.Fingerprint(network)}",
            CreatedAt = createdAt,
            Algorithm = algorithm.ToString(),
            ResourceConstrained = round.Challenger.ResourceConstrained,
            History = setup.History,
            BudgetDistribution = setup.Budgets,
            Cloud = round.Scenario.Costs.Cloud,
            Seed = seed,
            Metrics = new CheckpointMetrics(result.Metrics.Steps, result.Metrics.Episodes, result.Metrics.MeanEpisodeReward, wallTimeS),
            Network = network,
            ValueNetwork = result.Policy.ValueNetwork is { } value ? CheckpointCodec.FromMlp(Policy.Learning.PolicyKind.ActorCritic, value) : null,
            Selection = null,
        };
    }
}
