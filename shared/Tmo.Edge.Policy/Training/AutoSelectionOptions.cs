using Tmo.Edge.Policy.Evaluation;

namespace Tmo.Edge.Policy.Training;

/// <summary>What `--algo auto` tries and how it judges: candidates, restarts, the validation share and budgets.</summary>
public sealed record AutoSelectionOptions
{
    /// <summary>
    /// The methods tried; any but Auto itself (a checkpoint needs an RL winner). RC-PPO and PPO by default: adding
    /// the A2C pair let validation noise pick A2C on 3 of 10 splits and cost 0.04 of test reward
    /// (docs/training-experiments.md).
    /// </summary>
    public IReadOnlyList<MethodSpec> Candidates { get; init; } = [MethodSpec.Named("RC-PPO"), MethodSpec.Named("PPO")];

    /// <summary>
    /// Training steps per candidate run; null uses <see cref="TrainingSetup.Steps"/>. The shipped policy trains longer
    /// than the reference's 30,000: PPO behind the shield gained 0.05 of test reward at 100,000 and nothing more at
    /// 300,000 (docs/training-experiments.md).
    /// </summary>
    public int? Steps { get; init; } = 100_000;

    /// <summary>Training runs per candidate, each with its own seed: the validation picks the best run too.</summary>
    public int Restarts { get; init; } = 3;

    /// <summary>The share of the training split held out to validate on (seeded by the workspace's seed).</summary>
    public double ValidationShare { get; init; } = 0.2;

    /// <summary>
    /// The budgets the candidates are judged under, shielded; the score is the mean validation reward over them,
    /// so the winner is good both with room to spare and when tight.
    /// </summary>
    public IReadOnlyList<EvaluationBudgets> Budgets { get; init; } = [EvaluationBudgets.Default, EvaluationBudgets.Tight];

    /// <summary>
    /// Retrain the winner, with its winning seed, on the whole training split (validation part included): more data
    /// for the policy that ships; off, the validated policy itself ships.
    /// </summary>
    public bool RetrainWinner { get; init; } = true;

    /// <summary>The longest dialogue the shield reserves budget for (the daemon's Budgets:MaxDialogueTurns).</summary>
    public int MaxDialogueTurns { get; init; } = 5;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Candidates);
        ArgumentNullException.ThrowIfNull(Budgets);
        if (Candidates.Count == 0 || Budgets.Count == 0)
        {
            throw new ArgumentException("Auto selection needs at least one candidate and one budget pair.");
        }

        if (Candidates.Any(c => c.Family == MethodFamily.Auto))
        {
            throw new ArgumentException("Auto selection cannot be its own candidate.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Restarts);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Steps ?? 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ValidationShare);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(ValidationShare, 1);
    }
}
