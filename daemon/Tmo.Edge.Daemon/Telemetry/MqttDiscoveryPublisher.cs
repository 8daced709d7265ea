using Tmo.Edge.Daemon.Mqtt;

namespace Tmo.Edge.Daemon.Telemetry;

/// <summary>Discovery configs go out retained through the daemon's MQTT connection (resolved on first use, like the other publishers).</summary>
public sealed class MqttDiscoveryPublisher(Func<MqttConnection> connection) : IDiscoveryPublisher
{
    public Task PublishAsync(string absoluteTopic, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
        connection().PublishAbsoluteAsync(absoluteTopic, payload, retain: true, cancellationToken);
}
