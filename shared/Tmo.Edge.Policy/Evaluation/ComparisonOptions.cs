using Tmo.Edge.Policy.Training;

namespace Tmo.Edge.Policy.Evaluation;

/// <summary>What `policy eval` compares: methods over seeds (or one explicit test split), budgets, optional shield.</summary>
public sealed record ComparisonOptions
{
    public IReadOnlyList<int> Seeds { get; init; } = [1, 2, 3];

    public IReadOnlyList<MethodSpec> Methods { get; init; } = MethodSpec.All;

    public TrainingSetup Training { get; init; } = new();

    public EvaluationBudgets Budgets { get; init; } = EvaluationBudgets.Default;

    /// <summary>Also report every method with the budget shield applied (names suffixed "+Shield").</summary>
    public bool Shield { get; init; }

    /// <summary>The longest dialogue the shield reserves budget for (the daemon's Budgets:MaxDialogueTurns).</summary>
    public int MaxDialogueTurns { get; init; } = 5;

    /// <summary>
    /// When set, every method is scored by this instead of the offline evaluator: `policy eval --live` plays the test
    /// dialogues through the daemon's own decision code (its shield always on), so <see cref="Shield"/> adds nothing.
    /// </summary>
    public LivePathEvaluation? LivePath { get; init; }

    /// <summary>When set, the test split is exactly these episodes for every seed; seeds then vary only training.</summary>
    public IReadOnlyCollection<int>? TestIds { get; init; }
}

/// <summary>Scores a trained method on its split's test dialogues through the live decision path.</summary>
public delegate Task<MethodMetrics> LivePathEvaluation(TrainedMethod method, SplitWorkspace workspace, CancellationToken cancellationToken);
