using System.Buffers;
using System.Text.Json.Nodes;
using MQTTnet;
using MQTTnet.Protocol;
using Tmo.Edge.Daemon.Tests.EndToEnd;
using Tmo.Edge.Daemon.Tests.Mqtt;

namespace Tmo.Edge.Daemon.Tests.Reliability.Storage;

/// <summary>A console-like observer of the daemon's retained `health` topic: keeps the latest report.</summary>
internal sealed class HealthWatcher : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private volatile JsonNode? _latest;

    private HealthWatcher()
    {
    }

    public static async Task<HealthWatcher> ConnectAsync(int port, string deviceId)
    {
        var watcher = new HealthWatcher();
        watcher._client.ApplicationMessageReceivedAsync += e =>
        {
            watcher._latest = JsonNode.Parse(e.ApplicationMessage.Payload.ToArray());
            return Task.CompletedTask;
        };
        await watcher._client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId($"health-{Guid.NewGuid():N}")
            .WithCredentials(TestLogins.Device, TestLogins.PasswordOf(TestLogins.Device)).Build());
        await watcher._client.SubscribeAsync($"tmo/{deviceId}/health", MqttQualityOfServiceLevel.AtLeastOnce);
        return watcher;
    }

    /// <summary>Waits for a report that <paramref name="matches"/>; the daemon publishes one every 5 s.</summary>
    public Task<JsonNode> WaitForAsync(Func<JsonNode, bool> matches, TimeSpan timeout) =>
        Eventually.ReturnsAsync(() => _latest is { } latest && matches(latest) ? latest : null, timeout);

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        _client.Dispose();
    }
}
