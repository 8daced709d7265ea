using System.Security.Cryptography;
using System.Text;
using Tmo.Edge.Policy.Costs;
using Tmo.Edge.Policy.Dataset;
using Tmo.Edge.Policy.Environment;

namespace Tmo.Edge.Policy.Adaptation;

/// <summary>
/// A dataset's world after a <see cref="WorldDrift"/>: its recorded local and cloud scores on the drifted task and its
/// recorded and profile cloud prices scaled. Its response estimator, fitted on every drifted dialogue, is the truth a drift
/// benchmark scores turns with and its judge rates answers by.
/// </summary>
public sealed class DriftedWorld
{
    public DriftedWorld(DialogueDataset dataset, OffloadingScenario scenario, WorldDrift drift)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(drift);
        if (drift.Task is { } task && !scenario.Tasks.TryGetId(task, out _))
        {
            throw new ArgumentException($"Unknown task '{task}'. Known tasks: {string.Join(", ", scenario.Tasks.Names)}.", nameof(drift));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(drift.LocalScoreFactor);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(drift.CloudPriceFactor);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(drift.CloudScoreFactor);
        Drift = drift;
        ScoreCeiling = dataset.Episodes.SelectMany(e => e.Turns).Max(t => t.Score);
        var episodes = dataset.Episodes.Select(Drifted).ToArray();
        var recipe = Encoding.UTF8.GetBytes($"{dataset.ContentSha256} {drift}");
        Dataset = new DialogueDataset(episodes, dataset.ModalityCount, Convert.ToHexStringLower(SHA256.HashData(recipe)), $"{dataset.Source} ({drift.Name})");
        var cloud = scenario.Costs.Cloud;
        var drifted = cloud with { Name = $"{cloud.Name} ({drift.Name})", UsageUsd = cloud.UsageUsd.Select(u => u * drift.CloudPriceFactor).ToArray() };
        Scenario = new OffloadingScenario(scenario.ModalityCount, scenario.Tasks, scenario.Costs.Device, drifted, scenario.Weights, scenario.HistoryWindow);
        Episodes = Dataset.Episodes.Select(Scenario.Prepare).ToArray();
    }

    public WorldDrift Drift { get; }

    /// <summary>The drifted dialogues, with the drifted recorded costs the replay runners quote.</summary>
    public DialogueDataset Dataset { get; }

    /// <summary>The drifted costs; tasks, modalities and reward weights as the original.</summary>
    public OffloadingScenario Scenario { get; }

    public IReadOnlyList<PreparedEpisode> Episodes { get; }

    /// <summary>The highest score the dataset recorded: the top of its scale, which no drifted score exceeds.</summary>
    public double ScoreCeiling { get; }

    /// <summary>A fresh estimator of the drifted world's response scores (one per thread).</summary>
    public KnnResponseEstimator FitEstimator() => EstimatorFitting.Fit(Scenario, Episodes);

    private DialogueEpisode Drifted(DialogueEpisode episode) => episode with { Turns = episode.Turns.Select(Drifted).ToArray() };

    private DialogueTurn Drifted(DialogueTurn turn)
    {
        var factor = !string.Equals(turn.Task, Drift.Task, StringComparison.Ordinal) ? 1
            : turn.Cloud ? Drift.CloudScoreFactor
            : Drift.LocalScoreFactor;
        return turn with
        {
            Score = factor == 1 ? turn.Score : Math.Min(turn.Score * factor, ScoreCeiling),
            UsageUsd = turn.Cloud ? turn.UsageUsd * Drift.CloudPriceFactor : turn.UsageUsd,
        };
    }
}
