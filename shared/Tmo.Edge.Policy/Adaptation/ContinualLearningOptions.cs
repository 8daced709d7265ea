using Tmo.Edge.Policy.Evaluation;

namespace Tmo.Edge.Policy.Adaptation;

/// <summary>How a device retrains on its own rated turns and when a challenger may replace the champion.</summary>
public sealed record ContinualLearningOptions
{
    /// <summary>New rated turns (played and shadow) that make a retraining round due.</summary>
    public int RetrainAfterRatedTurns { get; init; } = 40;

    /// <summary>
    /// How much a device point counts against an M4A1 point at the same distance in the k-NN estimator: the device's
    /// own models and prices are the ones that answer, M4A1's were someone else's.
    /// </summary>
    public double DeviceWeight { get; init; } = 10;

    /// <summary>The share of rated dialogues held out to judge challengers on.</summary>
    public double HeldOutShare { get; init; } = 0.25;

    /// <summary>
    /// Methods trained from scratch each round beside the champion fine-tuned (PPO champions) or retrained (others);
    /// the best on the held-out device dialogues is the challenger. None by default: from scratch, one run without
    /// the shipped policy's selection among restarts scored below the champion on M4A1 in every round measured.
    /// </summary>
    public IReadOnlyList<MethodSpec> Candidates { get; init; } = [];

    /// <summary>Training steps per candidate: a fine-tuning round fits an idle minute on a device.</summary>
    public int Steps { get; init; } = 30_000;

    public PromotionRule Rule { get; init; } = new();

    public EvaluationBudgets Budgets { get; init; } = EvaluationBudgets.Default;

    /// <summary>The longest dialogue the shield reserves budget for (the daemon's Budgets:MaxDialogueTurns).</summary>
    public int MaxDialogueTurns { get; init; } = 5;
}
