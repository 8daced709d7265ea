using Tmo.Edge.Core.Runners;
using Tmo.Edge.Core.Turns;
using Tmo.Edge.Data.Journal;
using Tmo.Edge.Policy.Decisions;

namespace Tmo.Edge.Data.Tests;

/// <summary>Turns and outcomes for tests, with only what a test cares about to set.</summary>
internal static class Turns
{
    public static readonly DialogueBudget Budget = new(LatencyS: 30, UsageUsd: 0.05);

    public static NewTurn New(string dialogueId, DateTimeOffset receivedAt, string? requestId = null, string prompt = "What is in front of me?") =>
        new(dialogueId, requestId, receivedAt, prompt, Task: "scene", TaskInferred: false);

    /// <summary>An answer from <paramref name="location"/>: cloud action 3 (views 0 and 2) or the local action 0.</summary>
    public static TurnOutcome Answered(RunnerLocation location = RunnerLocation.Cloud, double latencyS = 1.5, double usageUsd = 0.002) => new(
        TurnStatus.Answered,
        Action: location == RunnerLocation.Cloud ? 3 : 0,
        Views: location == RunnerLocation.Cloud ? [0, 2] : [],
        Probabilities: [0.1f, 0.2f, 0.3f, 0.4f],
        Masked: [new MaskedDecision(1, MaskReason.LatencyBudget, "LatencyBudget")],
        Text: "A door, two metres ahead.",
        LatencyS: latencyS,
        UsageUsd: usageUsd,
        EnergyJ: 4.5,
        PolicyVersion: "rc-a2c-1",
        Error: null,
        DecisionTime: TimeSpan.FromMilliseconds(2));

    /// <summary>A refusal: no action, no costs, its reason.</summary>
    public static TurnOutcome Refused(string? error = "no action fits the budget") =>
        new(TurnStatus.Refused, -1, [], [0.5f, 0.5f], [], string.Empty, 0, 0, 0, "rc-a2c-1", error, TimeSpan.Zero);
}
