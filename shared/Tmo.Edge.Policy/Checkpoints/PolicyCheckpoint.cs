using Tmo.Edge.Policy.Costs;
using Tmo.Edge.Policy.Environment;
using Tmo.Edge.Policy.Evaluation;
using Tmo.Edge.Policy.Training;

namespace Tmo.Edge.Policy.Checkpoints;

/// <summary>
/// A trained policy, self-describing: what it was trained for (X, Z, tasks, profiles, reward weights, budgets),
/// on what (data hash, split), how (algorithm, RC, history mode, seed, steps, metrics), and its weights.
/// </summary>
public sealed record PolicyCheckpoint
{
    public const string FormatName = "tmo-edge-policy";
    public const int CurrentFormatVersion = 1;

    public string Format { get; init; } = FormatName;

    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>Human-readable identity reported with every decision, e.g. "rc-a2c-2026-11-27-3f9c1a2b".</summary>
    public required string PolicyVersion { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required string Algorithm { get; init; }

    public required bool ResourceConstrained { get; init; }

    public required HistoryMode History { get; init; }

    public required BudgetDistribution BudgetDistribution { get; init; }

    public required int Modalities { get; init; }

    public required int HistoryWindow { get; init; }

    public required IReadOnlyList<string> Tasks { get; init; }

    public required DeviceProfile Device { get; init; }

    public required CloudProfile Cloud { get; init; }

    public required RewardWeights RewardWeights { get; init; }

    /// <summary>The per-dialogue budgets the policy was evaluated (and is meant to run) under.</summary>
    public required EvaluationBudgets Budgets { get; init; }

    public required TrainingData Data { get; init; }

    /// <summary>
    /// How many training dialogues had each number of turns (index = turns): the shield's first estimate of how many
    /// more turns a dialogue will ask for. Null in checkpoints written before it was kept.
    /// </summary>
    public IReadOnlyList<long>? DialogueLengths { get; init; }

    public required int Seed { get; init; }

    public required CheckpointMetrics Metrics { get; init; }

    public required CheckpointNetwork Network { get; init; }

    /// <summary>The actor-critic's value network (kept so training can be inspected or resumed); null for DQN.</summary>
    public CheckpointNetwork? ValueNetwork { get; init; }

    /// <summary>
    /// When auto selection picked this policy (`--algo auto`): every candidate's validation row. Null for a policy
    /// trained as one method, and in checkpoints written before auto selection.
    /// </summary>
    public CheckpointSelection? Selection { get; init; }

    public int ObservationLength => ((Modalities + 2) * HistoryWindow) + (ResourceConstrained ? 2 : 0);

    public int ActionCount => 1 + (1 << Modalities);
}

/// <summary>Which data trained the policy: the file's SHA-256 and the episodes of each side of the split.</summary>
public sealed record TrainingData(string Sha256, string Source, int TrainEpisodes, IReadOnlyList<int> TestEpisodeIds);

/// <summary>How training went (SB3 logger names) and how long it took.</summary>
public sealed record CheckpointMetrics(int Steps, int Episodes, double MeanEpisodeReward, double WallTimeS);

/// <summary>An MLP: kind, layer sizes, activation and little-endian float32 parameters in base64.</summary>
public sealed record CheckpointNetwork(string Kind, IReadOnlyList<int> Layers, string Activation, string Parameters);

/// <summary>How auto selection judged its candidates: the held-out share, the budget pairs (the order of each
/// candidate's validation rewards) and every candidate run.</summary>
/// <param name="Shipped">The candidate whose policy this checkpoint holds (null in checkpoints written before it was kept).</param>
public sealed record CheckpointSelection(
    double ValidationShare, IReadOnlyList<EvaluationBudgets> Budgets, IReadOnlyList<CandidateResult> Candidates, CandidateResult? Shipped = null);
