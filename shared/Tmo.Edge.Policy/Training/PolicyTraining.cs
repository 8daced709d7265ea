using System.Diagnostics;
using Tmo.Edge.Policy.Checkpoints;
using Tmo.Edge.Policy.Dataset;
using Tmo.Edge.Policy.Decisions;
using Tmo.Edge.Policy.Evaluation;
using Tmo.Edge.Policy.Learning;

namespace Tmo.Edge.Policy.Training;

/// <summary>
/// Trains one RL policy on a split and packs it into a self-describing checkpoint. <see cref="MethodSpec.Shipped"/>
/// (auto selection with <see cref="TrainingSetup.Auto"/>) checkpoints the winner, as that method, with the candidates' table.
/// </summary>
public static class PolicyTraining
{
    public static PolicyCheckpoint Train(
        DialogueDataset dataset,
        SplitWorkspace workspace,
        MethodSpec method,
        TrainingSetup setup,
        EvaluationBudgets budgets,
        TimeProvider time,
        IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(time);
        if (method.Algorithm is null && method.Family != MethodFamily.Auto)
        {
            throw new ArgumentException($"'{method.Name}' is not a reinforcement-learning method.", nameof(method));
        }

        var clock = Stopwatch.StartNew();
        var trained = MethodTrainer.Train(method, workspace, setup, progress, cancellationToken);
        var wallTime = clock.Elapsed.TotalSeconds;
        var winner = trained.Acting;
        if (winner.Algorithm is not { } algorithm || trained.Training is not { } result)
        {
            throw new InvalidOperationException($"Auto selection picked '{winner.Name}', which is not a reinforcement-learning method.");
        }

        var network = CheckpointCodec.FromMlp(result.Policy.Kind, result.Policy.Network);
        var createdAt = time.GetUtcNow();
        var scenario = workspace.Scenario;
        return new PolicyCheckpoint
        {
            PolicyVersion = $"{winner.Name.ToLowerInvariant()}-{createdAt:yyyy-MM-dd}-{CheckpointCodec.Fingerprint(network)}",
            CreatedAt = createdAt,
            Algorithm = algorithm.ToString(),
            ResourceConstrained = winner.ResourceConstrained,
            History = setup.History,
            BudgetDistribution = setup.Budgets,
            Modalities = scenario.ModalityCount,
            HistoryWindow = scenario.HistoryWindow,
            Tasks = scenario.Tasks.Names,
            Device = scenario.Costs.Device,
            Cloud = scenario.Costs.Cloud,
            RewardWeights = scenario.Weights,
            Budgets = budgets,
            Data = new TrainingData(dataset.ContentSha256, dataset.Source, workspace.Train.Count, workspace.Test.Select(e => e.Id).Order().ToArray()),
            DialogueLengths = new DialogueLengths(workspace.Train.Select(e => e.TurnCount)).Histogram,
            Seed = workspace.Seed,
            Metrics = new CheckpointMetrics(result.Metrics.Steps, result.Metrics.Episodes, result.Metrics.MeanEpisodeReward, wallTime),
            Network = network,
            ValueNetwork = result.Policy.ValueNetwork is { } value ? CheckpointCodec.FromMlp(PolicyKind.ActorCritic, value) : null,
            Selection = trained.Selection is { } selection ? new CheckpointSelection(setup.Auto.ValidationShare, setup.Auto.Budgets, selection.Candidates, selection.WinnerRow) : null,
        };
    }
}
