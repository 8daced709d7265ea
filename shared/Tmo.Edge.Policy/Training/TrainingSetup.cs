using Tmo.Edge.Policy.Environment;
using Tmo.Edge.Policy.Learning;

namespace Tmo.Edge.Policy.Training;

/// <summary>
/// How a learning method is trained: steps, history mode, budget distribution and budget mask (RC only), and the
/// actor-critics' entropy bonus.
/// </summary>
/// <param name="MaskOverBudget">
/// RC learners act behind the shield's hard rule during training (see <see cref="EnvironmentOptions.MaskOverBudget"/>),
/// as the product decides behind the shield.
/// </param>
/// <param name="EntropyCoefficient">A2C's and PPO's ent_coef (SB3's default 0).</param>
public sealed record TrainingSetup(
    int Steps = TrainingSetup.DefaultSteps,
    HistoryMode History = TrainingSetup.DefaultHistory,
    BudgetDistribution Budgets = BudgetDistribution.Normal,
    bool MaskOverBudget = true,
    float EntropyCoefficient = 0f)
{
    public const int DefaultSteps = 30_000;

    /// <summary>
    /// Own history, as evaluation and live use see it: with the budget mask it trains every learner better than the
    /// reference's logged history (docs/training-experiments.md); without the mask, logged was the safer choice.
    /// </summary>
    public const HistoryMode DefaultHistory = HistoryMode.Own;

    /// <summary>How <see cref="Evaluation.MethodSpec.Shipped"/> (auto selection) picks among its candidates.</summary>
    public AutoSelectionOptions Auto { get; init; } = new();

    /// <summary>PPO only: the policy to fine-tune instead of training from scratch (a device's champion).</summary>
    public NeuralPolicy? WarmStart { get; init; }

    public EnvironmentOptions EnvironmentFor(bool resourceConstrained) => new(resourceConstrained, History, Budgets, MaskOverBudget);
}
