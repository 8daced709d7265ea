using Microsoft.EntityFrameworkCore;
using Tmo.Edge.Core.Runners;
using Tmo.Edge.Core.Turns;
using Tmo.Edge.Data;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Console.BrowserTests;

/// <summary>
/// A small journal as the daemon would have written it: an open dialogue answered in the cloud and locally with one
/// refusal (the local model too hot, the daily cap spent), an open one with a Markdown answer, and an idle-closed one.
/// </summary>
internal static class SeedData
{
    public const string KitchenDialogue = "kitchen-42";
    public const string GarageDialogue = "garage-7";
    public const string KitchenPrompt = "Where did I put my dishes?";
    public const string HallDialogue = "hall-3";
    public const string PolicyVersion = "rc-a2c-2026-11-27-1";
    public const string Thermal = "thermal: soc 87.5 C >= 85 C";
    public const string DailyCap = "daily cloud cap: 0.00008 USD left of 5";
    public const string RefusalError = "no action can run now: thermal: soc 87.5 C >= 85 C; daily cloud cap: 0.00008 USD left of 5";

    /// <summary>The journal, and the active checkpoint's evaluation beside where its file would be in <paramref name="dataDirectory"/>.</summary>
    public static async Task WriteAsync(IDbContextFactory<TmoEdgeDbContext> contexts, string dataDirectory, DateTimeOffset now)
    {
        var checkpoint = Path.Combine(dataDirectory, "policy.json");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "policy.evaluation.json"), checkpoint + ".evaluation.json");
        await using var db = await contexts.CreateDbContextAsync();
        db.PolicyVersions.Add(new PolicyVersionRecord
        {
            Version = "rc-a2c-2026-11-20-1", Algorithm = "A2C", CheckpointPath = "/var/lib/tmo-edge/policy-old.json",
            CheckpointSha256 = new string('a', 64), Summary = "RC-A2C, X = 3, Z = 2", LoadedAt = now.AddDays(-7),
        });
        db.PolicyVersions.Add(new PolicyVersionRecord
        {
            Version = PolicyVersion, Algorithm = "A2C", CheckpointPath = checkpoint,
            CheckpointSha256 = new string('b', 64), Summary = "RC-A2C, X = 3, Z = 2", LoadedAt = now.AddHours(-1),
        });

        db.Dialogues.Add(Dialogue(KitchenDialogue, now.AddMinutes(-10), [
            Turn(1, now.AddMinutes(-10), KitchenPrompt, "Query", 5, RunnerLocation.Cloud, [0, 1], 6245, 0.00945, "The dishes are in the sink.", null),
            Turn(2, now.AddMinutes(-9), "And the cups?", "Query", 0, RunnerLocation.Local, [], 1830, 0.0, "On the shelf above the sink.", null),
            Turn(3, now.AddMinutes(-8), "Describe the room.", "Caption", -1, null, [], null, null, null, RefusalError),
        ]));
        db.Dialogues.Add(Dialogue(GarageDialogue, now.AddMinutes(-5), [
            Turn(1, now.AddMinutes(-5), "Is the car door open?", "Query", 1, RunnerLocation.Cloud, [], 2950, 0.00312, "No, it is closed.", null),
            Turn(2, now.AddMinutes(-4), "Which tools are on the bench?", "Query", 0, RunnerLocation.Local, [], 2100, 0.0, "### On the bench\n- a **hammer**\n- pliers", null),
        ]));
        var hall = Dialogue(HallDialogue, now.AddHours(-3), [
            Turn(1, now.AddHours(-3), "Is the hall light on?", "Query", 0, RunnerLocation.Local, [], 1500, 0.0, "Yes, it is on.", null),
        ]);
        hall.ClosedAt = now.AddHours(-2);
        db.Dialogues.Add(hall);
        db.DailySpend.Add(new DailySpendRecord { Day = DateOnly.FromDateTime(now.UtcDateTime), CloudUsd = 0.01257, UpdatedAt = now });
        await db.SaveChangesAsync();
    }

    private static DialogueRecord Dialogue(string id, DateTimeOffset started, List<TurnRecord> turns) => new()
    {
        Id = id,
        StartedAt = started,
        LastActivityAt = turns[^1].ReceivedAt,
        LatencyBudgetS = 30,
        UsageBudgetUsd = 0.05,
        SpentLatencyS = turns.Sum(t => t.LatencyMs ?? 0) / 1000,
        SpentUsageUsd = turns.Sum(t => t.UsageUsd ?? 0),
        TurnCount = turns.Count,
        Turns = turns,
    };

    private static TurnRecord Turn(
        int sequence, DateTimeOffset at, string prompt, string task, int action, RunnerLocation? location, List<int> views,
        double? latencyMs, double? usageUsd, string? answer, string? error) => new()
    {
        DialogueId = "",
        Sequence = sequence,
        ReceivedAt = at,
        Prompt = prompt,
        Task = task,
        Status = error is null ? TurnStatus.Answered : TurnStatus.Refused,
        Action = action,
        Location = location,
        Views = views,
        Probabilities = [0.10f, 0.05f, 0.05f, 0.05f, 0.10f, 0.45f, 0.10f, 0.05f, 0.05f],
        Masked = action switch
        {
            0 => [],
            // Refused: the local model too hot and every cloud action over what is left of the daily cap.
            < 0 => [new MaskedActionRecord(0, Thermal), .. Enumerable.Range(1, 8).Select(a => new MaskedActionRecord(a, DailyCap))],
            _ => [new MaskedActionRecord(0, Thermal)],
        },
        LatencyMs = latencyMs,
        UsageUsd = usageUsd,
        EnergyJ = latencyMs is null ? null : 0.0,
        ResponseText = answer,
        PolicyVersion = PolicyVersion,
        Error = error,
        AnsweredAt = at.AddMilliseconds(latencyMs ?? 0),
        PublishedAt = at.AddMilliseconds(latencyMs ?? 0),
    };
}
