using System.Diagnostics;
using Tmo.Edge.Daemon.Tests.Cli;
using Tmo.Edge.Daemon.Tests.EndToEnd;
using Tmo.Edge.Daemon.Tests.Mqtt;
using Tmo.Edge.Policy.Dataset;
using Xunit.Abstractions;

namespace Tmo.Edge.Daemon.Tests.Reliability;

/// <summary>
/// Mosquitto crashing (SIGKILL: no clean shutdown, no final save) again and again while a device replays M4A1
/// dialogues into the daemon at full speed. BrokerRestartTests covers one clean restart; this is the crash.
/// </summary>
public sealed class BrokerKillTests(ITestOutputHelper output)
{
    private const int Prompts = 2_000;
    private const int Kills = 4;

    // Above what the replay spends (about 6 USD): once the cap is reached, a new dialogue's first turn is refused (the
    // local action alone cannot fit five turns into its latency budget), and the fresh prompt must be served.
    private const double DailyCloudCapUsd = 50;

    [Fact]
    public async Task Mosquitto_killed_four_times_in_a_2000_prompt_replay_answers_every_acknowledged_prompt_once()
    {
        var dataset = await M4A1Loader.LoadAsync(CliRun.DataPath);
        await using var broker = await Mosquitto.StartNewAsync(new() { Persistent = true });
        var metricsPort = FreePort.Next();
        await using var daemon = await DaemonHost.StartAsync(new Dictionary<string, string?>
        {
            ["Tmo:Mqtt:Host"] = "127.0.0.1",
            ["Tmo:Mqtt:Port"] = broker.Port.ToString(),
            ["Tmo:Metrics:Enabled"] = "true",
            ["Tmo:Metrics:Port"] = metricsPort.ToString(),
            ["Tmo:Budgets:DailyCloudCapUsd"] = DailyCloudCapUsd.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        await using var device = await ResilientDevice.ConnectAsync(broker.Port, daemon.DeviceId);
        await Eventually.ReturnsAsync(() => device.Health.LastOrDefault(h => h.Healthy), TimeSpan.FromSeconds(30));

        var prompts = ReplayPrompts(dataset, Prompts);
        var acknowledged = 0;
        var clock = Stopwatch.StartNew();
        var replay = Task.Run(async () =>
        {
            foreach (var prompt in prompts)
            {
                await device.PromptAsync(prompt.DialogueId, prompt.Text, prompt.Task, prompt.RequestId);
                Interlocked.Increment(ref acknowledged);
            }
        });

        // Seeded: each crash comes at its own point of the replay and keeps the broker down for its own while.
        var random = new Random(8);
        var kills = new List<BrokerCrash>();
        for (var kill = 1; kill <= Kills; kill++)
        {
            var at = Prompts * kill / (Kills + 1);
            await Eventually.ReturnsAsync(() => Volatile.Read(ref acknowledged) >= at || replay.IsCompleted ? replay : null, TimeSpan.FromSeconds(60));
            await broker.KillAsync();
            kills.Add(new BrokerCrash(device.Clock, TimeProvider.System.GetUtcNow()));
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(50, 500)));
            await broker.StartAsync();
        }

        await replay.WaitAsync(TimeSpan.FromSeconds(60));
        var faultEnded = TimeProvider.System.GetUtcNow();
        output.WriteLine($"replay of {Prompts} prompts with {Kills} broker kills took {clock.Elapsed.TotalSeconds:0.0} s; device connected {device.Connections} times");

        await DeliveryAudit.AssertHealthyAgainAsync(device, new Uri($"http://127.0.0.1:{metricsPort}/metrics"), faultEnded);
        var report = await DeliveryAudit.AssertDeliveredAsync(device, daemon.Settings["Tmo:Storage:DataDirectory"]!, DailyCloudCapUsd, brokerCrashes: kills);

        output.WriteLine(report.ToString());
        Assert.Equal(Prompts + 1 - report.LostInBrokerCrashes, report.Acknowledged);
        Assert.True(device.Republished > 0, "no publish was cut off by a kill: the crashes missed the replay");
    }

    /// <summary>M4A1's dialogues turn by turn, played again under new dialogue ids until there are enough prompts.</summary>
    private static List<ReplayedPrompt> ReplayPrompts(DialogueDataset dataset, int count)
    {
        var prompts = new List<ReplayedPrompt>(count);
        for (var pass = 0; prompts.Count < count; pass++)
        {
            foreach (var episode in dataset.Episodes)
            {
                var dialogue = $"kill{pass}-{episode.Id}";
                prompts.AddRange(episode.Turns.Select((turn, t) => new ReplayedPrompt(dialogue, turn.Question, turn.Task, $"{dialogue}#{t + 1}")));
            }
        }

        return prompts[..count];
    }

    private sealed record ReplayedPrompt(string DialogueId, string Text, string Task, string RequestId);
}
