using System.Collections.Concurrent;
using System.Text;
using MQTTnet;
using MQTTnet.Protocol;
using Tmo.Edge.Daemon.Tests.Mqtt;

namespace Tmo.Edge.Daemon.Tests.EndToEnd;

/// <summary>
/// The fleet bridge as shipped (packaging/config/mosquitto-bridge.conf) between two real Mosquitto instances: what the
/// daemon publishes on its device's broker arrives on the central one; what the device sends in stays on the device.
/// </summary>
public sealed class FleetBridgeTests
{
    [Fact]
    public async Task The_shipped_bridge_forwards_status_decisions_and_responses_to_the_central_broker()
    {
        await using var central = await Mosquitto.StartNewAsync(new() { Persistent = true });
        await using var device = await Mosquitto.StartNewAsync(new() { Persistent = true, ExtraConfiguration = BridgeConfiguration($"127.0.0.1:{central.Port}", "test1") });
        await using var watcher = await CentralWatcher.ConnectAsync(central.Port);
        await using var daemon = await DaemonHost.StartAsync(new Dictionary<string, string?>
        {
            ["Tmo:Mqtt:Host"] = "127.0.0.1",
            ["Tmo:Mqtt:Port"] = device.Port.ToString(),
        });

        await using var bus = await Devices.ConnectAsync(device.Port, daemon.DeviceId);
        await bus.PromptAsync("fleet-1", "Where did I put my dishes?", "Query");
        await bus.ResponseAsync("fleet-1", 1);

        await Eventually.HoldsAsync(
            () => watcher.Topics.Contains("tmo/test1/out/decision") && watcher.Topics.Contains("tmo/test1/users/device-a/out/response") && watcher.Topics.Contains("tmo/test1/status"),
            "the decision, the response and the status on the central broker",
            state: () => $"the central broker saw {string.Join(", ", watcher.Topics)}; device broker said:\n{device.Output}");
        Assert.DoesNotContain("tmo/test1/users/device-a/in/prompt", watcher.Topics);
        Assert.Equal("online", watcher.Last("tmo/test1/status"));
    }

    private static string BridgeConfiguration(string central, string deviceId)
    {
        var shipped = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "packaging", "config", "mosquitto-bridge.conf"));
        return shipped.Replace("@CENTRAL@", central, StringComparison.Ordinal).Replace("@DEVICE@", deviceId, StringComparison.Ordinal);
    }

    /// <summary>A subscriber to everything under tmo/ on the central broker.</summary>
    private sealed class CentralWatcher : IAsyncDisposable
    {
        private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
        private readonly ConcurrentQueue<(string Topic, string Payload)> _seen = new();

        public IReadOnlyCollection<string> Topics => _seen.Select(m => m.Topic).ToHashSet();

        public string? Last(string topic) => _seen.LastOrDefault(m => m.Topic == topic).Payload;

        public static async Task<CentralWatcher> ConnectAsync(int port)
        {
            var watcher = new CentralWatcher();
            watcher._client.ApplicationMessageReceivedAsync += e =>
            {
                watcher._seen.Enqueue((e.ApplicationMessage.Topic, Encoding.UTF8.GetString(e.ApplicationMessage.Payload)));
                return Task.CompletedTask;
            };
            await watcher._client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId($"central-{Guid.NewGuid():N}").Build());
            await watcher._client.SubscribeAsync("tmo/#", MqttQualityOfServiceLevel.AtLeastOnce);
            return watcher;
        }

        public async ValueTask DisposeAsync()
        {
            await _client.DisconnectAsync();
            _client.Dispose();
        }
    }
}
