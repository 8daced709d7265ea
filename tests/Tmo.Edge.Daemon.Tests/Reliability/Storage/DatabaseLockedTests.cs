using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Tmo.Edge.Daemon.Tests.EndToEnd;
using Tmo.Edge.Daemon.Tests.Mqtt;
using Tmo.Edge.Data.Connecting;
using Tmo.Edge.Data.Journal;

namespace Tmo.Edge.Daemon.Tests.Reliability.Storage;

/// <summary>
/// Another process (the sqlite3 shell in BEGIN EXCLUSIVE) holds the daemon's database during a replay: a short hold
/// only delays the writes, a hold past Tmo:Storage:LockTimeoutSeconds refuses them (prompts stay unacknowledged at the
/// device, the fault shows on health and metrics), and after the release each prompt is answered exactly once, no restart.
/// </summary>
public sealed class DatabaseLockedTests
{
    private const string Prompt = "Please turn on all the lights in the kitchen.";

    private const int LockTimeoutSeconds = 5;

    [Fact]
    public async Task A_lock_shorter_than_the_lock_timeout_only_delays_the_replay()
    {
        await using var daemon = await StartAsync(out _);
        var journal = daemon.Services.GetRequiredService<TurnJournal>();
        await using var device = await Devices.ConnectAsync(daemon.BrokerPort, daemon.DeviceId, persistentSession: true);
        var sent = new List<string>();
        Task sending;

        await using (var holder = await SqliteLockHolder.TakeAsync(DatabasePath(daemon)))
        {
            sending = StoragePrompts.SendAsync(device, sent, "short", 20, Prompt);
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.Empty(device.Responses);
            await holder.ReleaseAsync();
        }

        await sending;

        await StorageFaultInvariants.AssertEachAnsweredOnceAsync(daemon, device, sent);
        Assert.Equal(0, journal.Health.FailedBatches);
    }

    [Fact]
    public async Task A_lock_past_the_lock_timeout_leaves_prompts_unacknowledged_and_answers_each_once_after_release()
    {
        await using var daemon = await StartAsync(out var metrics);
        var journal = daemon.Services.GetRequiredService<TurnJournal>();
        await using var health = await HealthWatcher.ConnectAsync(daemon.BrokerPort, daemon.DeviceId);
        await using var device = await Devices.ConnectAsync(daemon.BrokerPort, daemon.DeviceId, persistentSession: true);
        var sent = new List<string>();
        await StoragePrompts.SendAsync(device, sent, "before", 10, Prompt);
        await StorageFaultInvariants.AssertEachAnsweredOnceAsync(daemon, device, sent);

        Task sending;
        await using (var holder = await SqliteLockHolder.TakeAsync(DatabasePath(daemon)))
        {
            sending = StoragePrompts.SendAsync(device, sent, "locked", 30, Prompt);

            var report = await health.WaitForAsync(r => r["storageHealthy"]?.GetValue<bool>() == false, TimeSpan.FromSeconds(30));
            Assert.Contains("locked", report["storageError"]!.GetValue<string>(), StringComparison.Ordinal);
            using var http = new HttpClient();
            Assert.Contains("tmo_storage_healthy 0", await http.GetStringAsync(metrics), StringComparison.Ordinal);
            Assert.DoesNotContain(device.Responses, r => r.DialogueId.StartsWith("locked-", StringComparison.Ordinal));
            await holder.ReleaseAsync();
        }

        await sending;

        await StorageFaultInvariants.AssertEachAnsweredOnceAsync(daemon, device, sent);
        await StorageFaultInvariants.AssertHealthyAgainAsync(daemon, device, health, metrics, "after-lock");
        Assert.True(journal.Health.FailedBatches > 0);
    }

    [Fact]
    public async Task A_lock_taken_while_turns_run_delays_their_outcomes_and_each_is_answered_once_after_release()
    {
        // The replay runner takes half the recorded latency (seconds), so the turns are accepted and running when the
        // lock is taken, and their outcomes meet it.
        await using var daemon = await StartAsync(out var metrics, speedFactor: "0.5");
        var journal = daemon.Services.GetRequiredService<TurnJournal>();
        await using var health = await HealthWatcher.ConnectAsync(daemon.BrokerPort, daemon.DeviceId);
        await using var device = await Devices.ConnectAsync(daemon.BrokerPort, daemon.DeviceId, persistentSession: true);
        var sent = new List<string>();
        await StoragePrompts.SendAsync(device, sent, "running", 8, Prompt);
        await Eventually.ReturnsAsync(async () => (await journal.PendingAsync(CancellationToken.None)).Count == sent.Count ? sent : null);

        await using (var holder = await SqliteLockHolder.TakeAsync(DatabasePath(daemon)))
        {
            await health.WaitForAsync(r => r["storageHealthy"]?.GetValue<bool>() == false, TimeSpan.FromSeconds(30));
            await holder.ReleaseAsync();
        }

        await StorageFaultInvariants.AssertEachAnsweredOnceAsync(daemon, device, sent);
        await StorageFaultInvariants.AssertHealthyAgainAsync(daemon, device, health, metrics, "after-running");
    }

    private static Task<DaemonHost> StartAsync(out Uri metrics, string speedFactor = "0")
    {
        var metricsPort = FreePort.Next();
        metrics = new Uri($"http://127.0.0.1:{metricsPort}/metrics");
        return DaemonHost.StartAsync(new Dictionary<string, string?>
        {
            ["Tmo:Storage:LockTimeoutSeconds"] = LockTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
            ["Tmo:Replay:SpeedFactor"] = speedFactor,
            ["Tmo:Metrics:Enabled"] = "true",
            ["Tmo:Metrics:Port"] = metricsPort.ToString(CultureInfo.InvariantCulture),
        });
    }

    private static string DatabasePath(DaemonHost daemon) => SqliteDatabase.PathIn(daemon.Settings["Tmo:Storage:DataDirectory"]!);
}
