using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using MQTTnet;
using MQTTnet.Protocol;
using Tmo.Edge.Daemon.Mqtt;
using Tmo.Edge.Daemon.Tests.Ingress;
using Xunit.Abstractions;

namespace Tmo.Edge.Daemon.Tests.Mqtt;

/// <summary>Measures the process's memory, so it runs alone: other tests allocating beside it would blur the figure.</summary>
[CollectionDefinition(nameof(MemoryMeasurement), DisableParallelization = true)]
public sealed class MemoryMeasurement;

/// <summary>The embedded broker's limits: packet size before anything is buffered, and bytes queued per client.</summary>
[Collection(nameof(MemoryMeasurement))]
public sealed class BrokerLimitsTests(ITestOutputHelper output)
{
    private readonly string _deviceId = $"lim-{Guid.NewGuid():N}"[..12];

    [Fact]
    public async Task A_100_MB_publish_is_refused_from_its_header_without_being_buffered_and_other_clients_keep_talking()
    {
        await using var broker = await EmbeddedBrokerUnderTest.StartNewAsync(_deviceId);
        await using var observer = await Devices.ConnectBareAsync(broker.Port, $"observer-{_deviceId}");
        await observer.SubscribeAsync(InboundTopic.Of(_deviceId, "in/#"));
        await using var device = await Devices.ConnectBareAsync(broker.Port, $"device-{_deviceId}");

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var workingSetBefore = Process.GetCurrentProcess().WorkingSet64;
        var sent = await PublishHugeAsync(broker.Port, InboundTopic.Of(_deviceId, "in/camera/0"), 100_000_000);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var workingSetGrowth = Process.GetCurrentProcess().WorkingSet64 - workingSetBefore;
        output.WriteLine($"sent {sent:N0} of 100,000,000 bytes before the broker closed; allocated {allocated:N0} bytes, working set {workingSetGrowth:+#,0;-#,0} bytes");

        Assert.True(sent < 100_000_000, "the broker read the whole packet");
        Assert.True(allocated < 10 << 20, $"allocated {allocated:N0} bytes while refusing the packet");
        Assert.True(workingSetGrowth < 10 << 20, $"working set grew {workingSetGrowth:N0} bytes while refusing the packet");

        var frame = new string('f', 1 << 20);
        Assert.Equal(MqttClientPublishReasonCode.Success, await device.PublishToAsync(InboundTopic.Of(_deviceId, "in/camera/1"), frame));
        await observer.WaitForAsync(m => m.Payload.Length == frame.Length, "a 1 MiB frame after the refusal");
    }

    [Fact]
    public async Task The_limit_is_advertised_in_connack_and_a_packet_just_over_it_closes_only_that_connection()
    {
        await using var broker = await EmbeddedBrokerUnderTest.StartNewAsync(_deviceId, options => options.MaxPacketBytes = 256 << 10);
        using var client = new MqttClientFactory().CreateMqttClient();
        var connected = await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", broker.Port).WithClientId($"v5-{_deviceId}")
            .WithCredentials(TestLogins.Device, TestLogins.PasswordOf(TestLogins.Device)).Build());
        Assert.Equal(256u << 10, connected.MaximumPacketSize);

        await using var bystander = await Devices.ConnectBareAsync(broker.Port, $"bystander-{_deviceId}");
        await bystander.SubscribeAsync(InboundTopic.Of(_deviceId, "in/#"));
        // It fits in the socket buffers whole: what tells is that the broker closes the connection (asserted within).
        await PublishHugeAsync(broker.Port, InboundTopic.Of(_deviceId, "in/voice"), 256 << 10);
        Assert.Equal(MqttClientPublishReasonCode.Success, await bystander.PublishToAsync(InboundTopic.Of(_deviceId, "in/prompt"), new string('p', 200 << 10)));
        await bystander.WaitForAsync(m => m.Payload.Length == 200 << 10, "a packet under the limit");
    }

    [Fact]
    public async Task An_absent_persistent_subscriber_cannot_make_the_broker_hold_more_than_the_cap_and_gets_what_was_queued()
    {
        const int cap = 4 << 20;
        const int messageBytes = 512 << 10;
        await using var broker = await EmbeddedBrokerUnderTest.StartNewAsync(_deviceId, options =>
        {
            options.MaxPacketBytes = 1 << 20;
            options.MaxQueuedBytesPerClient = cap;
        });
        var topic = InboundTopic.Of(_deviceId, "in/sensor/bulk");
        var slowId = $"slow-{_deviceId}";
        var slow = await Devices.ConnectBareAsync(broker.Port, slowId, persistentSession: true);
        await slow.SubscribeAsync(topic);
        await slow.DisposeAsync();
        await using var device = await Devices.ConnectBareAsync(broker.Port, $"device-{_deviceId}");

        for (var i = 0; i < 20; i++)
        {
            await device.PublishToAsync(topic, $"{i:D2}" + new string('x', messageBytes - 2));
        }

        var queued = broker.Broker.QueuedBytes!.QueuedBytes(slowId);
        output.WriteLine($"queued for the absent subscriber: {queued:N0} bytes of {20L * messageBytes:N0} published (cap {cap:N0})");
        Assert.InRange(queued, cap - messageBytes - 1024, cap);

        await using var back = await Devices.ConnectBareAsync(broker.Port, slowId, persistentSession: true);
        await back.WaitForAsync(m => m.Payload.StartsWith("06", StringComparison.Ordinal), "the queued messages");
        await Eventually.HoldsAsync(() => broker.Broker.QueuedBytes.QueuedBytes(slowId) == 0, "the queue drained");
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"{i:D2}"), back.Received.Select(m => m.Payload[..2]));

        await device.PublishToAsync(topic, "after");
        await back.WaitForAsync(m => m.Payload == "after", "new messages once it caught up");
    }

    /// <summary>
    /// Connects with raw MQTT 3.1.1 bytes and sends a PUBLISH whose header announces <paramref name="bodyBytes"/>,
    /// then streams its body in 64 KiB pieces (no client library builds the whole packet in this process) until the
    /// broker closes the connection; returns how much it could send.
    /// </summary>
    private static async Task<long> PublishHugeAsync(int port, string topic, int bodyBytes)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", port);
        var clientId = Encoding.ASCII.GetBytes($"huge-{Guid.NewGuid():N}"[..20]);
        var user = Encoding.ASCII.GetBytes(TestLogins.Device);
        var password = Encoding.ASCII.GetBytes(TestLogins.PasswordOf(TestLogins.Device));

        // Clean session, user name and password (flags 0xC2): the broker lets no anonymous client in.
        byte[] variableHeader =
        [
            0, 4, .. "MQTT"u8, 4, 0xC2, 0, 60, 0, (byte)clientId.Length, .. clientId,
            0, (byte)user.Length, .. user, 0, (byte)password.Length, .. password,
        ];
        await socket.SendAsync((byte[])[0x10, (byte)variableHeader.Length, .. variableHeader]);
        var connack = new byte[4];
        Assert.Equal(4, await socket.ReceiveAsync(connack));
        Assert.Equal([0x20, 0x02, 0x00, 0x00], connack);

        var topicBytes = Encoding.UTF8.GetBytes(topic);
        await socket.SendAsync((byte[])[0x30, .. RemainingLength(2 + topicBytes.Length + bodyBytes), 0, (byte)topicBytes.Length, .. topicBytes]);
        var chunk = new byte[64 << 10];
        long sent = 0;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            while (sent < bodyBytes)
            {
                sent += await socket.SendAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, bodyBytes - sent)), SocketFlags.None, timeout.Token);
            }

            // All of it fitted in the socket buffers: the broker must still close without reading it.
            Assert.Equal(0, await socket.ReceiveAsync(new byte[1], SocketFlags.None, timeout.Token));
        }
        catch (SocketException)
        {
            // Reset by the broker: it closed the connection while the body was still coming.
        }

        return sent;
    }

    private static byte[] RemainingLength(int value)
    {
        var bytes = new List<byte>();
        do
        {
            var digit = (byte)(value % 128);
            value /= 128;
            bytes.Add(value > 0 ? (byte)(digit | 0x80) : digit);
        }
        while (value > 0);

        return [.. bytes];
    }
}
