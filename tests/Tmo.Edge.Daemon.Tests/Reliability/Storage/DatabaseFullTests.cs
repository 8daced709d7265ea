using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tmo.Edge.Daemon.Tests.EndToEnd;
using Tmo.Edge.Daemon.Tests.Mqtt;
using Tmo.Edge.Data;
using Tmo.Edge.Data.Connecting;
using Tmo.Edge.Data.Journal;

namespace Tmo.Edge.Daemon.Tests.Reliability.Storage;

/// <summary>
/// The daemon's database reaches its size cap (Tmo:Storage:MaxDatabaseMB) in the middle of a replay, stays full for
/// a while, then pages are freed: the prompts it could not record stay unacknowledged at the device, the fault shows on the health
/// topic and in the metrics, and once there is room each prompt is answered exactly once without a restart.
/// </summary>
public sealed class DatabaseFullTests
{
    private const int MaxDatabaseMB = 4;

    // Near a page long, so each turn needs a page of its own and the file is out of room within a few prompts.
    private static readonly string LongPrompt = string.Concat(Enumerable.Repeat("Where did I put my dishes, the blue ones? ", 90));

    [Fact]
    public async Task A_full_database_mid_replay_leaves_prompts_unacknowledged_and_answers_each_once_when_pages_are_freed()
    {
        var metricsPort = FreePort.Next();
        await using var daemon = await DaemonHost.StartAsync(new Dictionary<string, string?>
        {
            ["Tmo:Storage:MaxDatabaseMB"] = MaxDatabaseMB.ToString(CultureInfo.InvariantCulture),
            ["Tmo:Metrics:Enabled"] = "true",
            ["Tmo:Metrics:Port"] = metricsPort.ToString(CultureInfo.InvariantCulture),
        });
        var metrics = new Uri($"http://127.0.0.1:{metricsPort}/metrics");
        var databasePath = SqliteDatabase.PathIn(daemon.Settings["Tmo:Storage:DataDirectory"]!);
        var journal = daemon.Services.GetRequiredService<TurnJournal>();
        await using var health = await HealthWatcher.ConnectAsync(daemon.BrokerPort, daemon.DeviceId);
        await using var device = await Devices.ConnectAsync(daemon.BrokerPort, daemon.DeviceId, persistentSession: true);
        var sent = new List<string>();
        await StoragePrompts.SendAsync(device, sent, "before", 10, "Where did I put my dishes?");
        await StorageFaultInvariants.AssertEachAnsweredOnceAsync(daemon, device, sent);

        await DatabaseBallast.FillAsync(databasePath, MaxDatabaseMB);
        var sending = StoragePrompts.SendAsync(device, sent, "full", 40, LongPrompt);

        var report = await health.WaitForAsync(r => r["storageHealthy"]?.GetValue<bool>() == false, TimeSpan.FromSeconds(30));
        Assert.Contains("full", report["storageError"]!.GetValue<string>(), StringComparison.Ordinal);
        using (var http = new HttpClient())
        {
            var scraped = await http.GetStringAsync(metrics);
            Assert.Contains("tmo_storage_healthy 0", scraped, StringComparison.Ordinal);
            Assert.DoesNotContain("tmo_storage_failed_writes_total 0", scraped, StringComparison.Ordinal);
        }

        // Full for a while, with the device delivering again what was not recorded: whatever was answered has its row.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var answered = device.Responses.Select(r => r.DialogueId).Where(d => d.StartsWith("full-", StringComparison.Ordinal)).ToHashSet();
        Assert.True(answered.Count < 40, "The file never filled up: every prompt was answered while it was meant to be full.");
        await using (var db = await daemon.Services.GetRequiredService<IDbContextFactory<TmoEdgeDbContext>>().CreateDbContextAsync())
        {
            var recorded = await db.Turns.AsNoTracking().Where(t => answered.Contains(t.DialogueId)).Select(t => t.DialogueId).Distinct().CountAsync();
            Assert.Equal(answered.Count, recorded);
        }

        await DatabaseBallast.FreeAsync(databasePath);
        await sending;

        await StorageFaultInvariants.AssertEachAnsweredOnceAsync(daemon, device, sent);
        await StorageFaultInvariants.AssertHealthyAgainAsync(daemon, device, health, metrics, "after-full");
        Assert.True(journal.Health.FailedBatches > 0);
    }
}
