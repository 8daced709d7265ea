using System.Text;
using MQTTnet;
using Tmo.Edge.Daemon.Mqtt;
using Xunit.Abstractions;

namespace Tmo.Edge.Daemon.Tests.Mqtt;

/// <summary>The daemon's transport against both brokers it runs with: its own embedded one and Mosquitto.</summary>
public sealed class MqttTransportTests(ITestOutputHelper output)
{
    private readonly string _deviceId = $"dev-{Guid.NewGuid():N}"[..12];

    private string Prefix => $"tmo/{_deviceId}";

    /// <summary>The branch of the device account the test's devices log in as.</summary>
    private string DevicePrefix => $"{Prefix}/users/{TestLogins.Device}";

    [Theory]
    [InlineData(BrokerKind.Embedded)]
    [InlineData(BrokerKind.Mosquitto)]
    public async Task A_prompt_published_by_a_device_reaches_the_sink_and_is_acknowledged(BrokerKind kind)
    {
        await using var broker = await Brokers.StartAsync(kind, _deviceId);
        await using var device = await Devices.ConnectBareAsync(broker.Port, $"device-{_deviceId}");
        var sink = new RecordingSink();
        await using (var daemon = await StartDaemonAsync(broker, sink))
        {
            const string prompt = """{"dialogueId":"kitchen-42","text":"Where did I put my dishes?","task":"Query"}""";
            Assert.Equal(MqttClientPublishReasonCode.Success, await device.PublishToAsync($"{DevicePrefix}/in/prompt", prompt));

            await sink.WaitForAcceptedAsync(p => p.Count == 1, "the prompt reached the sink");
            var message = Assert.Single(sink.Accepted);
            Assert.Equal($"{DevicePrefix}/in/prompt", message.Topic);
            Assert.Equal(prompt, RecordingSink.Text(message));
            Assert.Equal(1, daemon.Counters.Received);
        }

        // Acknowledged: the broker would redeliver an unacknowledged prompt first thing to the same session.
        await AssertNothingPendingForTheDaemonAsync(broker, device);
    }

    [Theory]
    [InlineData(BrokerKind.Embedded)]
    [InlineData(BrokerKind.Mosquitto)]
    public async Task Online_is_retained_for_subscribers_that_arrive_later(BrokerKind kind)
    {
        await using var broker = await Brokers.StartAsync(kind, _deviceId);
        await using var daemon = await StartDaemonAsync(broker, new RecordingSink());

        await using var dashboard = await Devices.ConnectBareAsync(broker.Port, $"dashboard-{_deviceId}");
        await dashboard.SubscribeAsync($"{Prefix}/status");

        await dashboard.WaitForAsync(m => m is { Payload: MqttConnection.Online, Retain: true }, "retained online");
    }

    [Theory]
    [InlineData(BrokerKind.Embedded)]
    [InlineData(BrokerKind.Mosquitto)]
    public async Task A_connection_cut_without_disconnect_publishes_the_offline_will_and_the_daemon_comes_back_online(BrokerKind kind)
    {
        await using var broker = await Brokers.StartAsync(kind, _deviceId);
        await using var network = new TcpFaultProxy(broker.Port);
        await using var daemon = await StartDaemonAsync(broker, new RecordingSink(), network.Port);
        daemon.ExpectWarnings = true;
        await using var dashboard = await Devices.ConnectBareAsync(broker.Port, $"dashboard-{_deviceId}");
        await dashboard.SubscribeAsync($"{Prefix}/status");
        await dashboard.WaitForAsync(m => m.Payload == MqttConnection.Online, "online");

        network.Refusing = true;
        network.Sever();

        await dashboard.WaitForAsync(m => m.Payload == MqttConnection.Offline, "the will");
        await using (var latecomer = await Devices.ConnectBareAsync(broker.Port, $"latecomer-{_deviceId}"))
        {
            await latecomer.SubscribeAsync($"{Prefix}/status");
            await latecomer.WaitForAsync(m => m is { Payload: MqttConnection.Offline, Retain: true }, "the will, retained");
        }

        network.Refusing = false;
        await daemon.WaitConnectedAsync();
        await Eventually.HoldsAsync(() => dashboard.Received[^1].Payload == MqttConnection.Online, "online again after the will");
        Assert.True(daemon.Counters.Reconnects >= 1);
    }

    [Theory]
    [InlineData(BrokerKind.Embedded)]
    [InlineData(BrokerKind.Mosquitto)]
    public async Task A_message_the_sink_fails_is_not_acknowledged_and_is_delivered_again_after_reconnecting(BrokerKind kind)
    {
        await using var broker = await Brokers.StartAsync(kind, _deviceId);
        await using var device = await Devices.ConnectBareAsync(broker.Port, $"device-{_deviceId}");
        var sink = new RecordingSink { FailWhen = (payload, delivery) => payload == "prompt-2" && delivery == 1 };
        await using (var daemon = await StartDaemonAsync(broker, sink))
        {
            daemon.ExpectWarnings = true;
            foreach (var prompt in new[] { "prompt-1", "prompt-2", "prompt-3" })
            {
                Assert.Equal(MqttClientPublishReasonCode.Success, await device.PublishToAsync($"{DevicePrefix}/in/prompt", prompt));
            }

            // prompt-3 arrived behind the failed prompt-2 and waited with it: the order is kept.
            await sink.WaitForAcceptedAsync(p => p.SequenceEqual(["prompt-1", "prompt-2", "prompt-3"]), "all three accepted, in order");
            Assert.Equal(2, sink.DeliveriesOf("prompt-2"));
            Assert.Equal(1, sink.DeliveriesOf("prompt-1"));
            // The broker redelivers right after CONNACK, while the daemon is still announcing online and subscribing.
            await Eventually.HoldsAsync(() => daemon.Counters.Reconnects >= 1, "the reconnection counted");
            Assert.Contains(daemon.Logs.Entries, e => e.EventName == "SinkFailed" && e.Message.Contains($"{DevicePrefix}/in/prompt", StringComparison.Ordinal));
        }

        await AssertNothingPendingForTheDaemonAsync(broker, device);
    }

    [Theory]
    [InlineData(BrokerKind.Embedded)]
    [InlineData(BrokerKind.Mosquitto)]
    public async Task Restarting_the_session_after_a_sink_failure_does_not_bring_back_messages_already_acknowledged(BrokerKind kind)
    {
        // The daemon's acknowledgements take a while to reach the broker, and are lost if the daemon closes the
        // connection first: a broker that handles the close before what it has not read yet (Mosquitto, when it is
        // busy writing) would then deliver acknowledged messages a second time.
        await using var broker = await Brokers.StartAsync(kind, _deviceId);
        await using var network = new TcpFaultProxy(broker.Port) { UpstreamLatency = TimeSpan.FromMilliseconds(100) };
        await using var device = await Devices.ConnectBareAsync(broker.Port, $"device-{_deviceId}");
        var sink = new RecordingSink { FailWhen = (payload, delivery) => payload == "fail" && delivery == 1 };
        await using var daemon = await StartDaemonAsync(broker, sink, network.Port);
        daemon.ExpectWarnings = true;
        var burst = Enumerable.Range(0, 10).Select(i => $"before-{i}").Append("fail").Concat(Enumerable.Range(0, 10).Select(i => $"after-{i}")).ToList();

        foreach (var payload in burst)
        {
            Assert.Equal(MqttClientPublishReasonCode.Success, await device.PublishToAsync($"{DevicePrefix}/in/prompt", payload));
        }

        await sink.WaitForAcceptedAsync(p => p.Distinct().Count() == burst.Count, "the whole burst");
        Assert.Equal(burst, sink.AcceptedPayloads);
    }

    [Theory]
    [InlineData(BrokerKind.Embedded)]
    [InlineData(BrokerKind.Mosquitto)]
    public async Task Prompts_published_while_the_daemon_is_stopped_are_delivered_when_it_connects_again(BrokerKind kind)
    {
        await using var broker = await Brokers.StartAsync(kind, _deviceId);
        await (await StartDaemonAsync(broker, new RecordingSink())).DisposeAsync();

        await using var device = await Devices.ConnectBareAsync(broker.Port, $"device-{_deviceId}");
        await device.SubscribeAsync($"{Prefix}/status");
        await device.WaitForAsync(m => m is { Payload: MqttConnection.Offline, Retain: true }, "offline announced at shutdown, retained");
        var prompts = Enumerable.Range(1, 20).Select(i => $$"""{"dialogueId":"d{{i}}","text":"prompt {{i}}"}""").ToList();
        foreach (var prompt in prompts)
        {
            // Success, not NoMatchingSubscribers: the broker queued it for the daemon's persistent session.
            Assert.Equal(MqttClientPublishReasonCode.Success, await device.PublishToAsync($"{DevicePrefix}/in/prompt", prompt));
        }

        var sink = new RecordingSink();
        await using var daemon = await StartDaemonAsync(broker, sink);

        await sink.WaitForAcceptedAsync(p => p.Count >= prompts.Count, "the 20 queued prompts");
        Assert.Equal(prompts, sink.AcceptedPayloads);
    }

    [Theory]
    [InlineData(BrokerKind.Embedded)]
    [InlineData(BrokerKind.Mosquitto)]
    public async Task Publishing_while_disconnected_throws_rather_than_dropping_the_message(BrokerKind kind)
    {
        await using var broker = await Brokers.StartAsync(kind, _deviceId);
        await using var network = new TcpFaultProxy(broker.Port);
        await using var daemon = await StartDaemonAsync(broker, new RecordingSink(), network.Port);
        daemon.ExpectWarnings = true;
        await using var console = await Devices.ConnectBareAsync(broker.Port, $"console-{_deviceId}", TestLogins.Console);
        await console.SubscribeAsync($"{Prefix}/out/#");

        network.Refusing = true;
        network.Sever();
        await Eventually.HoldsAsync(() => !daemon.Counters.IsConnected, "the daemon noticed the loss");

        var response = Encoding.UTF8.GetBytes("""{"dialogueId":"kitchen-42","turn":1,"text":"In the sink."}""");
        await Assert.ThrowsAsync<MqttPublishException>(() => daemon.Publisher.PublishAsync("out/response", response, retain: false, CancellationToken.None));
        Assert.Equal(1, daemon.Counters.PublishFailures);

        network.Refusing = false;
        await daemon.WaitConnectedAsync();
        await daemon.Publisher.PublishAsync("out/response", response, retain: false, CancellationToken.None);
        await console.WaitForAsync(m => m.Topic == $"{Prefix}/out/response", "the response published after reconnecting");
    }

    private async Task<DaemonTransport> StartDaemonAsync(IBrokerUnderTest broker, RecordingSink sink, int? port = null)
    {
        var daemon = DaemonTransport.Create(port ?? broker.Port, _deviceId, sink, output, broker.DaemonLogin);
        try
        {
            await daemon.StartAsync();
            await daemon.WaitConnectedAsync();
            return daemon;
        }
        catch
        {
            await daemon.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A restarted daemon on the same persistent session receives nothing but a new sentinel: anything it had left
    /// unacknowledged would have been redelivered before it.
    /// </summary>
    private async Task AssertNothingPendingForTheDaemonAsync(IBrokerUnderTest broker, DeviceClient device)
    {
        var sink = new RecordingSink();
        await using var daemon = await StartDaemonAsync(broker, sink);
        Assert.Equal(MqttClientPublishReasonCode.Success, await device.PublishToAsync($"{DevicePrefix}/in/prompt", "sentinel"));
        await sink.WaitForAcceptedAsync(p => p.Contains("sentinel"), "the sentinel");
        Assert.Equal(["sentinel"], sink.Deliveries.Select(RecordingSink.Text));
    }
}
