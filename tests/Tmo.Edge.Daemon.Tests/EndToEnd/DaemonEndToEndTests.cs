using Microsoft.Extensions.DependencyInjection;
using Tmo.Edge.Core.Messaging;
using Tmo.Edge.Core.Options;
using Tmo.Edge.Daemon.Replay;
using Tmo.Edge.Daemon.Tests.Cli;
using Tmo.Edge.Data.Journal;
using Tmo.Edge.Policy.Dataset;

using Tmo.Edge.Daemon.Tests.Mqtt;

namespace Tmo.Edge.Daemon.Tests.EndToEnd;

/// <summary>The daemon as devices see it: real host, embedded MQTT broker, SQLite file, replay runner.</summary>
public sealed class DaemonEndToEndTests
{
    [Fact]
    public async Task A_prompt_in_gives_a_response_out_with_its_decision_and_remaining_budget()
    {
        await using var daemon = await DaemonHost.StartAsync();
        await using var device = await Devices.ConnectAsync(daemon.BrokerPort, daemon.DeviceId);

        await device.PromptAsync("kitchen-42", "Where did I put my dishes?", "Query");
        var response = await device.ResponseAsync("kitchen-42", 1);

        Assert.Equal("Query", response.Task);
        Assert.NotEmpty(response.Text);
        Assert.InRange(response.Decision.Action, 0, 8);
        Assert.Equal(9, response.Decision.Probabilities.Count);
        Assert.StartsWith("rc-a2c-", response.Decision.PolicyVersion, StringComparison.Ordinal);
        Assert.Equal(30 - (response.LatencyMs / 1000), response.Remaining.LatencyS, precision: 6);
        Assert.Equal(0.05 - response.UsageUsd, response.Remaining.UsageUsd, precision: 9);
    }

    [Fact]
    public async Task Malformed_oversize_and_unknown_topic_messages_get_errors_and_the_daemon_keeps_serving()
    {
        await using var daemon = await DaemonHost.StartAsync();
        await using var device = await Devices.ConnectAsync(daemon.BrokerPort, daemon.DeviceId);

        await device.PublishAsync("in/prompt", "{\"dialogueId\":\"d\",\"text\":");
        await device.PublishAsync("in/prompt", $"{{\"dialogueId\":\"d\",\"text\":\"{new string('x', 9000)}\"}}");
        await device.PublishAsync("in/camera/0", new byte[(2 << 20) + 10]);
        await device.PublishAsync("in/weather", "{}");
        await device.PromptAsync("d", "Please turn on all the lights in the kitchen.", "Unknown Task");
        await device.PromptAsync("after-errors", "Please turn on all the lights in the kitchen.");

        var response = await device.ResponseAsync("after-errors", 1);
        var errors = await Eventually.ReturnsAsync(() => device.Errors.Count >= 5 ? device.Errors : null);
        Assert.Equal("Assistive System", response.Task);
        Assert.Contains(errors, e => e.Reason.StartsWith("invalid JSON", StringComparison.Ordinal) && e.Topic == "tmo/test1/users/device-a/in/prompt");
        Assert.Contains(errors, e => e.Reason.Contains("exceeds 8192 bytes", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Reason.Contains("camera frame of", StringComparison.Ordinal) && e.Topic == "tmo/test1/users/device-a/in/camera/0");
        Assert.Contains(errors, e => e.Reason == "unknown topic 'in/weather' in the account's branch");
        Assert.Contains(errors, e => e.Reason.StartsWith("unknown task 'Unknown Task'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Tight_budgets_force_cheaper_actions_and_100_replayed_dialogues_never_overspend()
    {
        await using var daemon = await DaemonHost.StartAsync(new Dictionary<string, string?>
        {
            ["Tmo:Budgets:DialogueLatencyS"] = "10",
            ["Tmo:Budgets:DialogueUsageUsd"] = "0.01",
        });
        var dataset = await M4A1Loader.LoadAsync(CliRun.DataPath);
        var options = new MqttOptions { Host = "127.0.0.1", Port = daemon.BrokerPort, Username = TestLogins.Device, PasswordFile = TestLogins.PasswordFile(TestLogins.Device) };
        await using var replay = new ReplayPublisher(options, new TopicLayout("tmo/test1"), TurnPacer.Unpaced, TimeProvider.System);
        await replay.ConnectAsync(CancellationToken.None);

        var responses = new System.Collections.Concurrent.ConcurrentBag<Core.Contracts.ResponseMessage>();
        await Parallel.ForEachAsync(dataset.Episodes, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (episode, ct) =>
        {
            foreach (var r in await replay.PlayAsync(episode, $"tight-{episode.Id}", TimeSpan.FromSeconds(20), _ => Task.CompletedTask, ct))
            {
                responses.Add(r);
            }
        });

        Assert.Equal(dataset.TurnCount, responses.Count);
        var dialogues = responses.GroupBy(r => r.DialogueId).ToArray();
        Assert.Equal(100, dialogues.Length);
        Assert.All(dialogues, d =>
        {
            Assert.True(d.Sum(r => r.LatencyMs) / 1000 <= 10 + 1e-9, $"{d.Key} spent {d.Sum(r => r.LatencyMs) / 1000} s");
            Assert.True(d.Sum(r => r.UsageUsd) <= 0.01 + 1e-12, $"{d.Key} spent {d.Sum(r => r.UsageUsd)} USD");
        });
        Assert.Contains(responses, r => r.Decision.Masked.Any(m => m.Reason.StartsWith("latency budget", StringComparison.Ordinal) || m.Reason.StartsWith("usage budget", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_dialogue_continues_with_its_history_and_budget_after_a_daemon_restart()
    {
        await using var daemon = await DaemonHost.StartAsync();
        ResponseMessageTurn first;
        await using (var device = await Devices.ConnectAsync(daemon.BrokerPort, daemon.DeviceId))
        {
            await device.PromptAsync("living-room", "Please turn on all the lights in the kitchen.", "Assistive System");
            var response = await device.ResponseAsync("living-room", 1);
            first = new ResponseMessageTurn(response.Turn, response.Remaining.LatencyS, response.Remaining.UsageUsd);
        }

        await daemon.RestartAsync();

        await using (var device = await Devices.ConnectAsync(daemon.BrokerPort, daemon.DeviceId))
        {
            await device.PromptAsync("living-room", "Where did I put my dishes?", "Query");
            var second = await device.ResponseAsync("living-room", 2);
            Assert.Equal(first.RemainingLatencyS - (second.LatencyMs / 1000), second.Remaining.LatencyS, precision: 6);
            Assert.Equal(first.RemainingUsageUsd - second.UsageUsd, second.Remaining.UsageUsd, precision: 9);
        }

        var history = await daemon.Services.GetRequiredService<TurnJournal>().LoadDialogueAsync("living-room", CancellationToken.None);
        Assert.Equal([1, 2], history!.Turns.Select(t => t.Sequence));
    }

    private sealed record ResponseMessageTurn(int Turn, double RemainingLatencyS, double RemainingUsageUsd);
}
