using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Tmo.Edge.Core.Turns;
using Tmo.Edge.Data;
using Tmo.Edge.Data.Connecting;
using Tmo.Edge.Data.Records;
using Tmo.Edge.Policy.Dataset;
using Tmo.Edge.Daemon.Tests.Cli;
using Tmo.Edge.Daemon.Tests.Mqtt;

namespace Tmo.Edge.Daemon.Tests.EndToEnd;

/// <summary>A daemon killed with SIGKILL in the middle of a replay leaves a consistent database and resumes.</summary>
public sealed class CrashRecoveryTests
{
    [Fact]
    public async Task A_daemon_killed_mid_replay_leaves_a_consistent_database_and_finishes_every_accepted_turn()
    {
        await using var template = await DaemonHost.StartAsync(new Dictionary<string, string?> { ["Tmo:Replay:SpeedFactor"] = "0.02" });
        await template.StopAsync();
        var settings = template.Settings;
        var dataDirectory = settings["Tmo:Storage:DataDirectory"]!;
        var dataset = await M4A1Loader.LoadAsync(CliRun.DataPath);

        using (var daemon = DaemonProcess.Start(settings))
        {
            await using var device = await ConnectWhenUpAsync(daemon, template.BrokerPort, template.DeviceId);
            foreach (var episode in dataset.Episodes.Take(30))
            {
                await device.PromptAsync($"crash-{episode.Id}", episode.Turns[0].Question, episode.Turns[0].Task, requestId: $"crash-{episode.Id}#1");
            }

            await Eventually.ReturnsAsync(() => device.Responses.Count >= 5 ? device.Responses : null, TimeSpan.FromSeconds(30));
            await daemon.KillAsync();
        }

        var afterKill = await ReadTurnsAsync(dataDirectory);
        Assert.NotEmpty(afterKill);
        await AssertConsistentAsync(dataDirectory);

        using (var restarted = DaemonProcess.Start(settings))
        {
            await using var device = await ConnectWhenUpAsync(restarted, template.BrokerPort, template.DeviceId);
            await Eventually.ReturnsAsync(
                async () => await ReadTurnsAsync(dataDirectory) is var turns
                            && turns.Count >= afterKill.Count
                            && turns.All(t => t.Status != TurnStatus.Pending && t.PublishedAt is not null) ? turns : null,
                TimeSpan.FromSeconds(60));
        }

        await AssertConsistentAsync(dataDirectory);
    }

    private static async Task<DeviceClient> ConnectWhenUpAsync(DaemonProcess daemon, int port, string deviceId)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await Devices.ConnectAsync(port, deviceId);
            }
            catch (MQTTnet.Exceptions.MqttCommunicationException) when (clock.Elapsed < TimeSpan.FromSeconds(60) && !daemon.HasExited)
            {
                await Task.Delay(100);
            }
            catch (MQTTnet.Exceptions.MqttCommunicationException error)
            {
                throw new InvalidOperationException($"The daemon's broker on port {port} did not come up ({(daemon.HasExited ? "the daemon exited" : "60 s")}); it printed:\n{daemon.Output}", error);
            }
        }
    }

    private static async Task<List<TurnRecord>> ReadTurnsAsync(string dataDirectory)
    {
        await using var db = Open(dataDirectory);
        return await db.Turns.AsNoTracking().ToListAsync();
    }

    /// <summary>SQLite's own integrity check, and every dialogue's spend equal to the sum of its completed turns.</summary>
    private static async Task AssertConsistentAsync(string dataDirectory)
    {
        await using var db = Open(dataDirectory);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using (var check = connection.CreateCommand())
        {
            check.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", (string?)await check.ExecuteScalarAsync());
        }

        var turns = await db.Turns.AsNoTracking().ToListAsync();
        foreach (var dialogue in await db.Dialogues.AsNoTracking().ToListAsync())
        {
            var completed = turns.Where(t => t.DialogueId == dialogue.Id && t.Status != TurnStatus.Pending).ToArray();
            Assert.Equal(completed.Sum(t => t.UsageUsd ?? 0), dialogue.SpentUsageUsd, precision: 12);
            Assert.Equal(completed.Sum(t => (t.LatencyMs ?? 0) / 1000), dialogue.SpentLatencyS, precision: 9);
            Assert.All(completed, t => Assert.NotNull(t.AnsweredAt));
        }
    }

    private static TmoEdgeDbContext Open(string dataDirectory)
    {
        var options = new DbContextOptionsBuilder<TmoEdgeDbContext>();
        options.UseTmoEdgeSqlite(dataDirectory);
        return new TmoEdgeDbContext(options.Options);
    }
}
