using Microsoft.Extensions.DependencyInjection;
using Tmo.Edge.Core.Turns;
using Tmo.Edge.Daemon.Tests.Mqtt;
using Tmo.Edge.Data.Journal;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Daemon.Tests.EndToEnd;

/// <summary>The daemon on a real Mosquitto that restarts in the middle of a replay: no accepted prompt is lost.</summary>
public sealed class BrokerRestartTests
{
    [Fact]
    public async Task A_broker_restart_mid_replay_loses_no_accepted_prompt()
    {
        await using var broker = await Mosquitto.StartNewAsync(new() { Persistent = true });
        await using var daemon = await DaemonHost.StartAsync(new Dictionary<string, string?>
        {
            ["Tmo:Mqtt:Host"] = "127.0.0.1",
            ["Tmo:Mqtt:Port"] = broker.Port.ToString(),
        });
        var sent = new List<string>();

        await using (var device = await Devices.ConnectAsync(broker.Port, daemon.DeviceId))
        {
            for (var i = 0; i < 20; i++)
            {
                await device.PromptAsync($"restart-{i}", "Where did I put my dishes?", "Query", requestId: $"restart-{i}#1");
                sent.Add($"restart-{i}");
            }
        }

        // Straight after the burst, while prompts are still queued for the daemon's persistent session on the broker.
        await broker.StopAsync();
        await broker.StartAsync();

        await using (var device = await Devices.ConnectAsync(broker.Port, daemon.DeviceId))
        {
            for (var i = 20; i < 40; i++)
            {
                await device.PromptAsync($"restart-{i}", "Please turn on all the lights in the kitchen.", requestId: $"restart-{i}#1");
                sent.Add($"restart-{i}");
            }

            await Eventually.ReturnsAsync(() => device.Responses.Count >= 20 ? device.Responses : null, TimeSpan.FromSeconds(30));
        }

        // Every prompt the broker took before or after the restart reaches the journal, is answered and published.
        // Redelivery of the first burst may still be under way when the second one is answered, so wait for all.
        var journal = daemon.Services.GetRequiredService<TurnJournal>();
        var missing = sent;
        try
        {
            await Eventually.ReturnsAsync(async () =>
            {
                missing = await UnansweredAsync(journal, sent);
                return missing.Count == 0 && (await journal.UnpublishedAsync(CancellationToken.None)).Count == 0 ? sent : null;
            }, TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Not answered: {string.Join(", ", missing)}; broker said:\n{broker.Output}");
        }

        Assert.Empty(await journal.PendingAsync(CancellationToken.None));
    }

    private static async Task<List<string>> UnansweredAsync(TurnJournal journal, IEnumerable<string> dialogues)
    {
        var unanswered = new List<string>();
        foreach (var dialogue in dialogues)
        {
            var history = await journal.LoadDialogueAsync(dialogue, CancellationToken.None);
            if (history is not { Turns: [{ Status: TurnStatus.Answered }] })
            {
                unanswered.Add(dialogue);
            }
        }

        return unanswered;
    }
}
