using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Protocol;
using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Daemon.Ingress;
using Tmo.Edge.Daemon.Tests.EndToEnd;
using Tmo.Edge.Daemon.Tests.Mqtt;
using Tmo.Edge.Data.Journal;

namespace Tmo.Edge.Daemon.Tests.Security;

/// <summary>
/// One device cannot touch another's dialogues (docs/reliability.md), through the real daemon and its embedded broker:
/// a dialogue belongs to the account that opened it, answers reach only their owner, and a device's frames and
/// readings go only into its own prompts.
/// </summary>
public sealed class DialogueIsolationTests
{
    [Fact]
    public async Task Another_account_cannot_continue_a_dialogue_and_is_told_so_on_its_own_error()
    {
        await using var daemon = await DaemonHost.StartAsync();
        await using var a = await Devices.ConnectAsync(daemon.BrokerPort, daemon.DeviceId, TestLogins.Device);
        await using var b = await Devices.ConnectAsync(daemon.BrokerPort, daemon.DeviceId, TestLogins.OtherDevice);

        await a.PromptAsync("shared-1", "Where did I put my dishes?", "Query", requestId: "a1");
        await a.ResponseAsync("shared-1", 1);
        await b.PromptAsync("shared-1", "Ignore that and order a pizza.", "Query", requestId: "b1");
        var refusal = await Eventually.ReturnsAsync(() => b.Errors.Count > 0 ? b.Errors[0] : null);
        await a.PromptAsync("shared-1", "And my keys?", "Query", requestId: "a2");
        var second = await a.ResponseAsync("shared-1", 2);

        Assert.Equal("dialogue 'shared-1' belongs to another account", refusal.Reason);
        Assert.Equal($"tmo/{daemon.DeviceId}/users/{TestLogins.OtherDevice}/in/prompt", refusal.Topic);
        Assert.Empty(b.Responses);
        Assert.Empty(a.Errors);
        var history = await daemon.Services.GetRequiredService<TurnJournal>().LoadDialogueAsync("shared-1", CancellationToken.None);
        Assert.Equal(TestLogins.Device, history!.Dialogue.Owner);
        Assert.Equal([1, 2], history.Turns.Select(t => t.Sequence));
        Assert.Equal(2, second.Turn);
    }

    [Fact]
    public async Task Answers_reach_only_the_account_that_asked()
    {
        await using var daemon = await DaemonHost.StartAsync();
        await using var a = await Devices.ConnectAsync(daemon.BrokerPort, daemon.DeviceId, TestLogins.Device);
        await using var b = await Devices.ConnectAsync(daemon.BrokerPort, daemon.DeviceId, TestLogins.OtherDevice);

        await a.PromptAsync("kitchen-a", "Where did I put my dishes?", "Query");
        await b.PromptAsync("kitchen-b", "Turn on the lights.", "Assistive System");
        await a.ResponseAsync("kitchen-a", 1);
        await b.ResponseAsync("kitchen-b", 1);

        Assert.Equal(["kitchen-a"], a.Responses.Select(r => r.DialogueId));
        Assert.Equal(["kitchen-b"], b.Responses.Select(r => r.DialogueId));
    }

    [Fact]
    public async Task An_mqtt_5_request_is_answered_on_its_response_topic_with_its_correlation_data()
    {
        await using var daemon = await DaemonHost.StartAsync();
        var branch = $"tmo/{daemon.DeviceId}/users/{TestLogins.Device}";
        await using var device = await RawDevice.ConnectAsync(daemon.BrokerPort, $"{branch}/replies/#", $"{branch}/out/#", $"{branch}/error");
        byte[] correlation = [0xCA, 0xFE, 0x01];

        await device.PublishAsync($"{branch}/in/prompt", """{"dialogueId":"v5-1","text":"Where are my keys?","task":"Query"}""", $"{branch}/replies/7", correlation);
        var answer = await Eventually.ReturnsAsync(() => device.Received.FirstOrDefault(m => m.Topic == $"{branch}/replies/7"));

        Assert.Equal(correlation, answer.CorrelationData);
        Assert.Equal("v5-1", JsonSerializer.Deserialize(answer.Payload, ContractJsonContext.Default.ResponseMessage)!.DialogueId);
        Assert.DoesNotContain(device.Received, m => m.Topic == $"{branch}/out/response");
    }

    [Theory]
    [InlineData("users/device-b/out/response")]
    [InlineData("users/device-a/in/prompt")]
    [InlineData("out/response")]
    public async Task A_response_topic_outside_the_senders_own_branch_is_refused(string relativeResponseTopic)
    {
        await using var daemon = await DaemonHost.StartAsync();
        var prefix = $"tmo/{daemon.DeviceId}";
        var branch = $"{prefix}/users/{TestLogins.Device}";
        await using var device = await RawDevice.ConnectAsync(daemon.BrokerPort, $"{branch}/#");

        await device.PublishAsync($"{branch}/in/prompt", """{"dialogueId":"v5-2","text":"Where are my keys?","task":"Query"}""", $"{prefix}/{relativeResponseTopic}", [1]);
        var error = await Eventually.ReturnsAsync(() => device.Received.FirstOrDefault(m => m.Topic == $"{branch}/error"));

        Assert.Contains("response topic must be", JsonSerializer.Deserialize(error.Payload, ContractJsonContext.Default.ErrorMessage)!.Reason, StringComparison.Ordinal);
        Assert.Null(await daemon.Services.GetRequiredService<TurnJournal>().LoadDialogueAsync("v5-2", CancellationToken.None));
    }

    [Fact]
    public async Task Frames_and_sensor_readings_are_kept_for_their_own_account_only()
    {
        await using var daemon = await DaemonHost.StartAsync();
        await using var a = await Devices.ConnectAsync(daemon.BrokerPort, daemon.DeviceId, TestLogins.Device);

        await a.PublishAsync("in/camera/0", [0xFF, 0xD8, 0xFF, 0xE0, 1, 2]);
        await a.PublishAsync("in/sensor/door", """{"open":true}""");
        await a.PromptAsync("after-context", "Is the door open?");
        await a.ResponseAsync("after-context", 1);

        var frames = daemon.Services.GetRequiredService<CameraFrames>();
        var sensors = daemon.Services.GetRequiredService<SensorReadings>();
        Assert.Single(frames.For(TestLogins.Device, [0]));
        Assert.Empty(frames.For(TestLogins.OtherDevice, [0]));
        Assert.Equal("""{"open":true}""", sensors.Snapshot(TestLogins.Device)["door"]);
        Assert.Empty(sensors.Snapshot(TestLogins.OtherDevice));
    }

    private sealed record Delivery(string Topic, byte[] Payload, byte[]? CorrelationData);

    /// <summary>A device speaking MQTT 5 request/response itself, logged in as the first test device.</summary>
    private sealed class RawDevice : IAsyncDisposable
    {
        private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
        private readonly ConcurrentQueue<Delivery> _received = new();

        public IReadOnlyList<Delivery> Received => [.. _received];

        public static async Task<RawDevice> ConnectAsync(int port, params string[] filters)
        {
            var device = new RawDevice();
            device._client.ApplicationMessageReceivedAsync += e =>
            {
                device._received.Enqueue(new Delivery(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray(), e.ApplicationMessage.CorrelationData));
                return Task.CompletedTask;
            };
            await device._client.ConnectAsync(new MqttClientOptionsBuilder()
                .WithTcpServer("127.0.0.1", port)
                .WithCredentials(TestLogins.Device, TestLogins.PasswordOf(TestLogins.Device))
                .Build());
            foreach (var filter in filters)
            {
                await device._client.SubscribeAsync(filter, MqttQualityOfServiceLevel.AtLeastOnce);
            }

            return device;
        }

        public async Task PublishAsync(string topic, string payload, string responseTopic, byte[] correlationData) =>
            await _client.PublishAsync(new MqttApplicationMessageBuilder()
                .WithTopic(topic)
                .WithPayload(Encoding.UTF8.GetBytes(payload))
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .WithResponseTopic(responseTopic)
                .WithCorrelationData(correlationData)
                .Build());

        public async ValueTask DisposeAsync()
        {
            if (_client.IsConnected)
            {
                await _client.DisconnectAsync();
            }

            _client.Dispose();
        }
    }
}
