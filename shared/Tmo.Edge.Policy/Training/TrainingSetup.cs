using Tmo.Edge.Policy.Environment;

namespace Tmo.Edge.Policy.Training;

/// <summary>How a learning method is trained: steps, history mode and budget distribution (RC only).</summary>
public sealed record TrainingSetup(
    int Steps = TrainingSetup.DefaultSteps,
    HistoryMode History = TrainingSetup.DefaultHistory,
    BudgetDistribution Budgets = BudgetDistribution.Normal)
{
    public const int DefaultSteps = 30_000;

    /// <summary>Logged history, as the reference: measured to train RC-A2C better than own history (see README).</summary>
    public const HistoryMode DefaultHistory = HistoryMode.Logged;
}
