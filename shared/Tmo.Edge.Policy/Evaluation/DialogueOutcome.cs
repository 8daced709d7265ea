namespace Tmo.Edge.Policy.Evaluation;

/// <summary>
/// One test dialogue as a method played it: the action of every turn (<see cref="RefusedTurn"/> where the turn was
/// refused), per-turn means of response, raw association and reward, and the dialogue's total latency and usage.
/// </summary>
public sealed record DialogueOutcome(
    int EpisodeId,
    IReadOnlyList<int> Actions,
    double Response,
    double Association,
    double LatencyS,
    double UsageUsd,
    double Reward)
{
    public const int RefusedTurn = -1;
}
