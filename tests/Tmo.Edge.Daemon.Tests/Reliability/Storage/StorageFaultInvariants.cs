using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tmo.Edge.Core.Options;
using Tmo.Edge.Core.Turns;
using Tmo.Edge.Daemon.Tests.EndToEnd;
using Tmo.Edge.Data;
using Tmo.Edge.Data.Journal;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Daemon.Tests.Reliability.Storage;

/// <summary>
/// Issue 8's invariants after a storage fault: every prompt the device sent (one dialogue each) has exactly one row,
/// decided and published, and exactly one response or error on the bus; no dialogue over its budgets, the day under
/// its cloud cap (the prompts are all valid, so an error is never the expected outcome); and the daemon healthy again without a restart (health topic, metrics, a new prompt answered).
/// </summary>
internal static class StorageFaultInvariants
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(45);

    /// <summary>Waits until every dialogue in <paramref name="sent"/> is answered once, then checks the rest.</summary>
    public static async Task AssertEachAnsweredOnceAsync(DaemonHost daemon, DeviceClient device, IReadOnlyCollection<string> sent)
    {
        var journal = daemon.Services.GetRequiredService<TurnJournal>();
        try
        {
            await Eventually.ReturnsAsync(async () =>
                Outcomes(device, sent).All(count => count == 1) && (await journal.PendingAsync(CancellationToken.None)).Count == 0
                    && (await journal.UnpublishedAsync(CancellationToken.None)).Count == 0 ? sent : null,
                Settle);
        }
        catch (TimeoutException)
        {
            var missing = sent.Zip(Outcomes(device, sent)).Where(pair => pair.Second != 1).Select(pair => $"{pair.First}: {pair.Second}");
            Assert.Fail($"Not answered exactly once: {string.Join(", ", missing)}");
        }

        // Redeliveries that are still in flight must not add a second answer: give them a moment to show up.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.All(Outcomes(device, sent), count => Assert.Equal(1, count));

        // Every prompt was valid: a storage fault is no reason to reject one (an error on top of the answer it gets
        // once the store is back would be a second outcome).
        Assert.Empty(device.Errors);

        await using var db = await daemon.Services.GetRequiredService<IDbContextFactory<TmoEdgeDbContext>>().CreateDbContextAsync();
        var turns = await db.Turns.AsNoTracking().Where(t => sent.Contains(t.DialogueId)).ToListAsync();
        Assert.Equal(sent.Order(StringComparer.Ordinal), turns.Select(t => t.DialogueId).Order(StringComparer.Ordinal));
        Assert.All(turns, turn =>
        {
            Assert.NotEqual(TurnStatus.Pending, turn.Status);
            Assert.NotNull(turn.PublishedAt);
        });

        var dialogues = await db.Dialogues.AsNoTracking().Where(d => sent.Contains(d.Id)).ToListAsync();
        Assert.All(dialogues, dialogue =>
        {
            Assert.Equal(1, dialogue.TurnCount);
            Assert.InRange(dialogue.SpentLatencyS, 0, dialogue.LatencyBudgetS + 1e-9);
            Assert.InRange(dialogue.SpentUsageUsd, 0, dialogue.UsageBudgetUsd + 1e-9);
        });

        var cap = daemon.Services.GetRequiredService<IOptions<BudgetOptions>>().Value.DailyCloudCapUsd;
        Assert.All(await db.DailySpend.AsNoTracking().ToListAsync(), day => Assert.InRange(day.CloudUsd, 0, cap + 1e-9));
    }

    /// <summary>Health says storage and the decision loop are fine, metrics are served and say so, a new prompt is answered.</summary>
    public static async Task AssertHealthyAgainAsync(DaemonHost daemon, DeviceClient device, HealthWatcher health, Uri metrics, string probeDialogue)
    {
        await health.WaitForAsync(
            report => report["storageHealthy"]?.GetValue<bool>() == true && report["decisionLoopHealthy"]?.GetValue<bool>() == true
                && report["mqttConnected"]?.GetValue<bool>() == true,
            TimeSpan.FromSeconds(20));

        using var http = new HttpClient();
        var scraped = await http.GetStringAsync(metrics);
        Assert.Contains("tmo_storage_healthy 1", scraped, StringComparison.Ordinal);
        Assert.Contains("tmo_mqtt_connected 1", scraped, StringComparison.Ordinal);

        await device.PromptAsync(probeDialogue, "Is the front door locked?", "Query", requestId: $"{probeDialogue}#1");
        await device.ResponseAsync(probeDialogue, 1, TimeSpan.FromSeconds(20));
    }

    /// <summary>How many responses each dialogue got.</summary>
    private static IEnumerable<int> Outcomes(DeviceClient device, IEnumerable<string> sent)
    {
        var responses = device.Responses;
        return sent.Select(dialogue => responses.Count(r => r.DialogueId == dialogue));
    }
}
