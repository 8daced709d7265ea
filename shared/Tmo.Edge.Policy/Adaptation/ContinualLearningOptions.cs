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

    /// <summary>The methods trained each round; the best on the held-out device dialogues is the challenger.</summary>
    public IReadOnlyList<MethodSpec> Candidates { get; init; } = [MethodSpec.Named("RC-PPO"), MethodSpec.Named("PPO")];

    /// <summary>Training steps per candidate: fewer than the shipped policy's 100,000, so a round fits an idle minute on a device.</summary>
    public int Steps { get; init; } = 50_000;

    public PromotionRule Rule { get; init; } = new();

    public EvaluationBudgets Budgets { get; init; } = EvaluationBudgets.Default;

    /// <summary>The longest dialogue the shield reserves budget for (the daemon's Budgets:MaxDialogueTurns).</summary>
    public int MaxDialogueTurns { get; init; } = 5;
}
