namespace Tmo.Edge.Policy.Environment;

/// <summary>How a training environment behaves: RC budgets, their distribution, and the history mode.</summary>
public sealed record EnvironmentOptions(
    bool ResourceConstrained,
    HistoryMode History = HistoryMode.Own,
    BudgetDistribution Budgets = BudgetDistribution.Normal);
