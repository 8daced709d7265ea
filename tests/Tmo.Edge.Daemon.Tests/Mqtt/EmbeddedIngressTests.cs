using System.Collections.Concurrent;
using System.Text;
using MQTTnet;
using Tmo.Edge.Core.Messaging;
using Xunit.Abstractions;

namespace Tmo.Edge.Daemon.Tests.Mqtt;

/// <summary>
/// With its embedded broker the daemon takes what devices publish for it in-process (EmbeddedIngress): a device's
/// acknowledgement then means the daemon has recorded the message, and one connection still has many in flight.
/// </summary>
public sealed class EmbeddedIngressTests(ITestOutputHelper output)
{
    private readonly string _deviceId = $"dev-{Guid.NewGuid():N}"[..12];

    private string DevicePrefix => $"tmo/{_deviceId}/users/{TestLogins.Device}";

    [Fact]
    public async Task A_device_is_acknowledged_only_once_the_daemon_has_recorded_its_prompt()
    {
        var sink = new DeferredSink();
        var (daemon, port) = await StartDaemonAsync(sink);
        await using var _ = daemon;
        await using var device = await Devices.ConnectBareAsync(port, $"device-{_deviceId}");

        var publishing = device.PublishToAsync($"{DevicePrefix}/in/prompt", "hello");
        await Eventually.HoldsAsync(() => sink.Taken.Count == 1, "the prompt taken by the daemon");
        await Task.Delay(300);
        Assert.False(publishing.IsCompleted, "acknowledged before the daemon recorded it");

        sink.RecordAll();
        // The daemon took it, so the acknowledgement says success, not "no matching subscribers": its client
        // subscribes to nothing on its own broker.
        Assert.Equal(MqttClientPublishReasonCode.Success, await publishing);
        await Task.Delay(200);
        Assert.Equal(["hello"], sink.Taken);
        Assert.Equal(1, daemon.Counters.Received);
    }

    [Fact]
    public async Task One_connection_has_many_prompts_in_flight_so_they_can_share_a_disk_flush()
    {
        var sink = new DeferredSink();
        var (daemon, port) = await StartDaemonAsync(sink);
        await using var _ = daemon;
        await using var device = await Devices.ConnectBareAsync(port, $"device-{_deviceId}");

        var prompts = Enumerable.Range(1, 20).Select(i => $"prompt-{i}").ToList();
        var publishing = prompts.Select(p => device.PublishToAsync($"{DevicePrefix}/in/prompt", p)).ToList();

        // All of them reach the daemon while none is recorded yet: the broker did not wait for each record
        // before reading the connection's next message.
        await Eventually.HoldsAsync(() => sink.Taken.Count == prompts.Count, "all prompts taken before any was recorded");
        Assert.All(publishing, p => Assert.False(p.IsCompleted));
        Assert.Equal(prompts.Order(), sink.Taken.Order());

        sink.RecordAll();
        Assert.All(await Task.WhenAll(publishing), code => Assert.Equal(MqttClientPublishReasonCode.Success, code));
    }

    [Fact]
    public async Task A_prompt_the_daemon_fails_to_record_is_acknowledged_neither_are_those_behind_it_and_the_device_delivers_them_again()
    {
        var sink = new DeferredSink { FailFirstDeliveryOf = "prompt-2" };
        var (daemon, port) = await StartDaemonAsync(sink);
        daemon.ExpectWarnings = true;
        await using var _ = daemon;
        await using var device = await Devices.ConnectBareAsync(port, $"device-{_deviceId}");

        var first = device.PublishToAsync($"{DevicePrefix}/in/prompt", "prompt-1");
        await Eventually.HoldsAsync(() => sink.Deliveries.Count == 1, "prompt-1 delivered");
        var second = device.PublishToAsync($"{DevicePrefix}/in/prompt", "prompt-2");
        await Eventually.HoldsAsync(() => sink.Deliveries.Count == 2, "prompt-2 delivered");
        var third = device.PublishToAsync($"{DevicePrefix}/in/prompt", "prompt-3");
        await Eventually.HoldsAsync(() => sink.Deliveries.Count == 3, "prompt-3 delivered");
        sink.RecordAll();

        Assert.Equal(MqttClientPublishReasonCode.Success, await first);
        // prompt-2 was not recorded: no acknowledgement for it, nor for prompt-3 behind it (recorded, but an
        // acknowledgement would overtake prompt-2's), and the daemon closed the connection so that the device
        // delivers both again, in order.
        await Assert.ThrowsAnyAsync<Exception>(() => second);
        await Assert.ThrowsAnyAsync<Exception>(() => third);
        await Eventually.HoldsAsync(() => !device.IsConnected, "the connection closed by the daemon");
        Assert.Contains(daemon.Logs.Entries, e => e.EventName == "LogNotRecorded");

        await device.PublishUntilAcknowledgedAsync($"{DevicePrefix}/in/prompt", "prompt-2", TimeSpan.FromSeconds(30));
        await device.PublishUntilAcknowledgedAsync($"{DevicePrefix}/in/prompt", "prompt-3", TimeSpan.FromSeconds(30));
        // The redelivered prompt-3 is a duplicate the journal recognises by its request id.
        Assert.Equal(["prompt-1", "prompt-3", "prompt-2", "prompt-3"], sink.Taken);
    }

    [Fact]
    public async Task A_refused_publish_is_answered_in_its_place_behind_a_prompt_not_yet_recorded()
    {
        var sink = new DeferredSink();
        var (daemon, port) = await StartDaemonAsync(sink);
        daemon.ExpectedEvents.Add("LogPublishRefused");
        await using var _ = daemon;
        await using var device = await Devices.ConnectBareAsync(port, $"device-{_deviceId}");

        var prompt = device.PublishToAsync($"{DevicePrefix}/in/prompt", "held");
        await Eventually.HoldsAsync(() => sink.Taken.Count == 1, "the prompt taken");
        var refused = device.PublishToAsync($"tmo/{_deviceId}/users/{TestLogins.OtherDevice}/in/prompt", "not mine");
        await Task.Delay(300);
        Assert.False(prompt.IsCompleted || refused.IsCompleted, "the refusal overtook the held prompt's acknowledgement");

        sink.RecordAll();
        Assert.Equal(MqttClientPublishReasonCode.Success, await prompt);
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await refused);
        Assert.Equal(["held"], sink.Taken);
    }

    [Fact]
    public async Task A_prompt_at_qos_0_reaches_the_daemon_too()
    {
        var sink = new DeferredSink();
        var (daemon, port) = await StartDaemonAsync(sink);
        await using var _ = daemon;
        await using var device = await Devices.ConnectBareAsync(port, $"device-{_deviceId}");
        sink.RecordAll();

        await device.PublishAtMostOnceAsync($"{DevicePrefix}/in/prompt", "fire and forget");

        await Eventually.HoldsAsync(() => sink.Taken.SequenceEqual(["fire and forget"]), "the QoS 0 prompt taken");
    }

    private async Task<(DaemonTransport Daemon, int Port)> StartDaemonAsync(DeferredSink sink)
    {
        var port = FreePort.Next();
        var daemon = DaemonTransport.WithEmbeddedBroker(port, _deviceId, sink, output);
        await daemon.StartAsync();
        await daemon.WaitConnectedAsync();
        return (daemon, port);
    }

    /// <summary>
    /// A sink that, like the journal, gives each message its place in line at once and records it later: all of them
    /// when <see cref="RecordAll"/> is called (and at once from then on). <see cref="FailFirstDeliveryOf"/>'s first
    /// delivery fails to record, as a write that hits a full disk.
    /// </summary>
    private sealed class DeferredSink : IInboundMessageSink
    {
        private readonly TaskCompletionSource _recording = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ConcurrentQueue<string> _deliveries = new();
        private readonly ConcurrentQueue<string> _taken = new();

        public string? FailFirstDeliveryOf { get; init; }

        public IReadOnlyList<string> Deliveries => [.. _deliveries];

        /// <summary>Delivered and not failed, in the order the daemon took them.</summary>
        public IReadOnlyList<string> Taken => [.. _taken];

        public void RecordAll() => _recording.TrySetResult();

        public ValueTask<InboundReceipt> AcceptAsync(InboundMessage message, CancellationToken cancellationToken)
        {
            var payload = Encoding.UTF8.GetString(message.Payload.Span);
            var first = !_deliveries.Contains(payload);
            _deliveries.Enqueue(payload);
            if (first && payload == FailFirstDeliveryOf)
            {
                return ValueTask.FromResult(new InboundReceipt(FailAfterRecordingAsync()));
            }

            _taken.Enqueue(payload);
            return ValueTask.FromResult(new InboundReceipt(RecordAsync()));
        }

        private async Task<InboundDisposition> RecordAsync()
        {
            await _recording.Task;
            return InboundDisposition.Accepted;
        }

        private async Task<InboundDisposition> FailAfterRecordingAsync()
        {
            await _recording.Task;
            throw new IOException("test store: disk full");
        }
    }
}
