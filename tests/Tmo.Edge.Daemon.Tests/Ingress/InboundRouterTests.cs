using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Core.Messaging;
using Tmo.Edge.Daemon.Dialogues;
using Tmo.Edge.Daemon.Hosting;
using Tmo.Edge.Daemon.Ingress;

namespace Tmo.Edge.Daemon.Tests.Ingress;

/// <summary>
/// The router as the inbound pump drives it, one message at a time, on a daemon started without MQTT
/// (<see cref="BrokerlessDaemon"/>). Every test uses its own accounts and dialogue ids on the shared daemon.
/// </summary>
public sealed class InboundRouterTests(BrokerlessDaemon daemon) : IClassFixture<BrokerlessDaemon>
{
    private IReadOnlyList<string> KnownTasks => daemon.Services.GetRequiredService<DaemonRuntime>().Classifier.Tasks.Names;

    [Fact]
    public async Task A_prompt_is_journalled_when_its_receipt_completes_and_answered_on_its_accounts_response_topic()
    {
        var task = KnownTasks[0];

        var disposition = await daemon.AcceptAsync(daemon.FromAccount("router-a1", TopicLayout.Prompt, $$"""{"dialogueId":"router-d1","text":"What is on the table?","task":"{{task}}","requestId":"q1"}"""));

        Assert.Equal(InboundDisposition.Accepted, disposition);
        await using (var db = daemon.OpenDatabase())
        {
            var turn = await db.Turns.AsNoTracking().SingleAsync(t => t.DialogueId == "router-d1");
            Assert.Equal(("What is on the table?", task, false, "q1"), (turn.Prompt, turn.Task, turn.TaskInferred, turn.RequestId));
            Assert.Equal("router-a1", (await db.Dialogues.AsNoTracking().SingleAsync(d => d.Id == "router-d1")).Owner);
        }

        var answer = await daemon.PublishedOnAsync(daemon.Topics.ForAccount("router-a1", TopicLayout.Response));
        using var json = JsonDocument.Parse(answer);
        Assert.Equal("router-d1", json.RootElement.GetProperty("dialogueId").GetString());
    }

    [Fact]
    public async Task A_prompt_without_a_task_is_given_the_classifiers_task_and_marked_inferred()
    {
        await daemon.AcceptAsync(daemon.FromAccount("router-a2", TopicLayout.Prompt, """{"dialogueId":"router-d2","text":"Describe what the camera sees"}"""));

        await using var db = daemon.OpenDatabase();
        var turn = await db.Turns.AsNoTracking().SingleAsync(t => t.DialogueId == "router-d2");
        Assert.True(turn.TaskInferred);
        Assert.Contains(turn.Task, KnownTasks);
    }

    [Fact]
    public async Task A_prompt_naming_an_unknown_task_is_rejected_with_the_known_tasks_and_nothing_is_journalled()
    {
        var disposition = await daemon.AcceptAsync(daemon.FromAccount("router-a3", TopicLayout.Prompt, """{"dialogueId":"router-d3","text":"hi","task":"Juggle"}"""));

        Assert.Equal(InboundDisposition.Rejected, disposition);
        var error = BrokerlessDaemon.ErrorReason(await daemon.PublishedOnAsync(BrokerlessDaemon.ErrorTopicOf("router-a3")));
        Assert.StartsWith("unknown task 'Juggle'; known tasks: ", error, StringComparison.Ordinal);
        Assert.All(KnownTasks, known => Assert.Contains(known, error, StringComparison.Ordinal));
        await using var db = daemon.OpenDatabase();
        Assert.False(await db.Dialogues.AnyAsync(d => d.Id == "router-d3"));
    }

    [Fact]
    public async Task A_prompt_for_a_dialogue_another_account_opened_is_refused_and_changes_nothing()
    {
        await daemon.AcceptAsync(daemon.FromAccount("router-owner", TopicLayout.Prompt, """{"dialogueId":"router-d4","text":"first turn"}"""));

        var disposition = await daemon.AcceptAsync(daemon.FromAccount("router-intruder", TopicLayout.Prompt, """{"dialogueId":"router-d4","text":"let me in"}"""));

        Assert.Equal(InboundDisposition.Rejected, disposition);
        Assert.Equal("dialogue 'router-d4' belongs to another account", BrokerlessDaemon.ErrorReason(await daemon.PublishedOnAsync(BrokerlessDaemon.ErrorTopicOf("router-intruder"))));
        await using var db = daemon.OpenDatabase();
        var turn = await db.Turns.AsNoTracking().SingleAsync(t => t.DialogueId == "router-d4");
        Assert.Equal("first turn", turn.Prompt);
        Assert.Equal("router-owner", (await db.Dialogues.AsNoTracking().SingleAsync(d => d.Id == "router-d4")).Owner);
    }

    [Fact]
    public async Task A_redelivered_prompt_is_acknowledged_again_but_journalled_and_answered_once()
    {
        var prompt = """{"dialogueId":"router-d5","text":"once only","requestId":"r-5"}""";

        Assert.Equal(InboundDisposition.Accepted, await daemon.AcceptAsync(daemon.FromAccount("router-a5", TopicLayout.Prompt, prompt)));
        Assert.Equal(InboundDisposition.Accepted, await daemon.AcceptAsync(daemon.FromAccount("router-a5", TopicLayout.Prompt, prompt)));

        await daemon.PublishedOnAsync(daemon.Topics.ForAccount("router-a5", TopicLayout.Response));
        await using var db = daemon.OpenDatabase();
        Assert.Equal(1, await db.Turns.CountAsync(t => t.DialogueId == "router-d5"));
        Assert.Single(daemon.PublishedOn(daemon.Topics.ForAccount("router-a5", TopicLayout.Response)));
    }

    [Fact]
    public async Task A_malformed_prompt_is_rejected_on_the_shared_and_the_senders_error_topics()
    {
        var disposition = await daemon.AcceptAsync(daemon.FromAccount("router-a6", TopicLayout.Prompt, "{not json"));

        Assert.Equal(InboundDisposition.Rejected, disposition);
        Assert.Contains("invalid JSON", BrokerlessDaemon.ErrorReason(await daemon.PublishedOnAsync(BrokerlessDaemon.ErrorTopicOf("router-a6"))), StringComparison.Ordinal);
        Assert.Contains(daemon.Published.Published, p => p.Topic == TopicLayout.Error && BrokerlessDaemon.ErrorReason(p.Payload).Contains("invalid JSON", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Camera_frames_and_sensor_readings_are_kept_for_the_sending_account_only()
    {
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2];

        Assert.Equal(InboundDisposition.Accepted, await daemon.AcceptAsync(BrokerlessDaemon.Message(daemon.Topics.ForAccount("router-a7", "in/camera/1"), jpeg)));
        Assert.Equal(InboundDisposition.Accepted, await daemon.AcceptAsync(daemon.FromAccount("router-a7", "in/sensor/temperature", "21.5")));

        var frames = daemon.Services.GetRequiredService<CameraFrames>();
        var frame = Assert.Single(frames.For("router-a7", [1]));
        Assert.Equal(jpeg, frame.Image.ToArray());
        Assert.Empty(frames.For("router-b7", [1]));
        var sensors = daemon.Services.GetRequiredService<SensorReadings>();
        Assert.Equal("21.5", sensors.Snapshot("router-a7")["temperature"]);
        Assert.Empty(sensors.Snapshot("router-b7"));
    }

    [Fact]
    public async Task A_sensor_beyond_the_accounts_limit_is_rejected_and_the_kept_ones_stay()
    {
        for (var i = 0; i < SensorReadings.MaxSensorsPerAccount; i++)
        {
            Assert.Equal(InboundDisposition.Accepted, await daemon.AcceptAsync(daemon.FromAccount("router-a8", $"in/sensor/s{i}", "1")));
        }

        var disposition = await daemon.AcceptAsync(daemon.FromAccount("router-a8", "in/sensor/one-too-many", "1"));

        Assert.Equal(InboundDisposition.Rejected, disposition);
        Assert.Contains($"already keeps {SensorReadings.MaxSensorsPerAccount} sensors", BrokerlessDaemon.ErrorReason(await daemon.PublishedOnAsync(BrokerlessDaemon.ErrorTopicOf("router-a8"))), StringComparison.Ordinal);
        Assert.Equal(SensorReadings.MaxSensorsPerAccount, daemon.Services.GetRequiredService<SensorReadings>().Snapshot("router-a8").Count);
    }

    [Fact]
    public async Task A_budget_command_is_stored_and_applies_to_the_dialogue_budget_at_once()
    {
        var budgets = daemon.Services.GetRequiredService<BudgetSettings>();
        var before = budgets.Dialogue;
        try
        {
            var disposition = await daemon.AcceptAsync(BrokerlessDaemon.Message(daemon.Topics.Absolute(TopicLayout.Budget), """{"latencyS":42.5,"usageUsd":0.25}"""u8.ToArray()));

            Assert.Equal(InboundDisposition.Accepted, disposition);
            Assert.Equal((42.5, 0.25), (budgets.Dialogue.LatencyS, budgets.Dialogue.UsageUsd));
        }
        finally
        {
            await budgets.ApplyAsync(new BudgetCommand(LatencyS: before.LatencyS, UsageUsd: before.UsageUsd), "test", CancellationToken.None);
        }
    }
}
