namespace Tmo.Edge.Policy.Environment;

/// <summary>How a training environment behaves: RC budgets, their distribution, the history mode and the budget mask.</summary>
/// <param name="MaskOverBudget">
/// RC only: allow just the actions whose cost fits the episode's remaining budgets on their own (the shield's hard
/// rule, every action feasible), so no episode overruns and the reference's zero-after-overrun cliff never happens.
/// </param>
public sealed record EnvironmentOptions(
    bool ResourceConstrained,
    HistoryMode History = HistoryMode.Own,
    BudgetDistribution Budgets = BudgetDistribution.Normal,
    bool MaskOverBudget = false);
