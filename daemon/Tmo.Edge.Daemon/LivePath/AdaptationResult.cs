namespace Tmo.Edge.Daemon.LivePath;

/// <summary>
/// One drift scenario of `policy adapt`: mean rewards over every dialogue of the static (shipped) policy, the adapting
/// one, the Oracle and an informed policy (the shipped recipe trained on the drifted world's truth: what adapting can
/// hope to reach); what the judge spent (in all, and on its dearest day against its cap); the dialogues until the
/// adapting policy first recovered half of the static-to-Oracle gap over a trailing window (null: never, 0: no gap);
/// dialogues over a budget; and every dialogue's reward for the plot.
/// </summary>
public sealed record AdaptationResult(
    string Name,
    string Drift,
    double StaticReward,
    double AdaptiveReward,
    double OracleReward,
    double InformedReward,
    double JudgeUsd,
    double JudgeMaxDailyUsd,
    double JudgeDailyCapUsd,
    int? DialoguesToRecover,
    int Violations,
    int StaticViolations,
    int RatedTurns,
    int ShadowTurns,
    int DroppedForCap,
    int Rounds,
    IReadOnlyList<int> PromotedAt,
    double SecondHalfRecoveredShare,
    double WallTimeS)
{
    public required IReadOnlyList<double> StaticRewards { get; init; }

    public required IReadOnlyList<double> AdaptiveRewards { get; init; }

    public required IReadOnlyList<double> OracleRewards { get; init; }

    /// <summary>Every retraining round, promoted or not, with its reason: the promotion audit.</summary>
    public required IReadOnlyList<AdaptationRound> RoundLog { get; init; }
}

/// <summary>A retraining round after <paramref name="Dialogues"/> dialogues: the challenger's method, the verdict and why.</summary>
public sealed record AdaptationRound(int Dialogues, string Method, bool Promoted, string Reason);
