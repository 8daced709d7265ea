using Tmo.Edge.Core.Turns;
using Tmo.Edge.Data.Journal;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Data.Tests;

/// <summary>Turns and outcomes for tests, with only what a test cares about to set.</summary>
internal static class Turns
{
    public static readonly DialogueBudget Budget = new(LatencyS: 30, UsageUsd: 0.05);

    public static NewTurn New(string dialogueId, DateTimeOffset receivedAt, string? requestId = null, string prompt = "What is in front of me?") =>
        new(dialogueId, requestId, receivedAt, prompt, Task: "scene", TaskInferred: false);

    public static TurnOutcome Answered(string location = ExecutionLocation.Cloud, double latencyMs = 1500, double usageUsd = 0.002) => new()
    {
        Status = TurnStatus.Answered,
        Action = location == ExecutionLocation.Cloud ? 3 : 0,
        Location = location,
        Views = location == ExecutionLocation.Cloud ? [0, 2] : [],
        Probabilities = [0.1f, 0.2f, 0.3f, 0.4f],
        Masked = [new MaskedActionRecord(1, "LatencyBudget")],
        LatencyMs = latencyMs,
        UsageUsd = usageUsd,
        EnergyJ = 4.5,
        ResponseText = "A door, two metres ahead.",
        PolicyVersion = "rc-a2c-1",
    };
}
