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

    /// <summary>When set, the test split is exactly these episodes for every seed; seeds then vary only training.</summary>
    public IReadOnlyCollection<int>? TestIds { get; init; }
}
