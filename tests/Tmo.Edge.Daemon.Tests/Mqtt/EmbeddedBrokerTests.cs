using MQTTnet;
using Tmo.Edge.Daemon.Mqtt;
using Xunit.Abstractions;

namespace Tmo.Edge.Daemon.Tests.Mqtt;

public sealed class EmbeddedBrokerTests(ITestOutputHelper output)
{
    private readonly string _deviceId = $"dev-{Guid.NewGuid():N}"[..12];

    private string Prefix => $"tmo/{_deviceId}";

    /// <summary>The branch of the device account the test's devices log in as.</summary>
    private string DevicePrefix => $"{Prefix}/users/{TestLogins.Device}";

    [Fact]
    public async Task With_no_external_host_the_daemon_runs_its_own_broker_before_connecting_and_says_offline_before_it_stops()
    {
        var port = FreePort.Next();
        var sink = new RecordingSink();
        await using var daemon = DaemonTransport.WithEmbeddedBroker(port, _deviceId, sink, output);
        await daemon.StartAsync();
        await daemon.WaitConnectedAsync();
        // The first attempt succeeded: the broker was listening before the connection started (no warning logged).
        Assert.Equal(0, daemon.Counters.Reconnects);

        await using var device = await Devices.ConnectBareAsync(port, $"device-{_deviceId}");
        await device.SubscribeAsync($"{Prefix}/status");
        await device.WaitForAsync(m => m is { Payload: MqttConnection.Online, Retain: true }, "retained online");
        Assert.Equal(MqttClientPublishReasonCode.Success, await device.PublishToAsync($"{DevicePrefix}/in/prompt", "hello"));
        await sink.WaitForAcceptedAsync(p => p.Contains("hello"), "the prompt");

        await daemon.StopAsync();

        // Stopped in reverse order: the connection said offline while the broker was still there to pass it on.
        await device.WaitForAsync(m => m.Payload == MqttConnection.Offline, "offline at shutdown");
        await Eventually.HoldsAsync(() => !device.IsConnected, "the broker stopped after the connection");
    }
}
