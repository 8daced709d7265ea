namespace Tmo.Edge.Daemon.LivePath;

/// <summary>
/// One drift scenario of `policy adapt`: mean rewards over every dialogue of the static (shipped) policy, the adapting
/// one and the Oracle; what the judge spent (in all, and on its dearest day against its cap); the dialogues until the
/// adapting policy first recovered half of the static-to-Oracle gap over a trailing window (null: never, 0: no gap);
/// dialogues over a budget; and every dialogue's reward for the plot.
/// </summary>
public sealed record AdaptationResult(
    string Name,
    string Drift,
    double StaticReward,
    double AdaptiveReward,
    double OracleReward,
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
}
