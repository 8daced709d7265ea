namespace Tmo.Edge.Daemon.Telemetry;

/// <summary>Publishes outside the daemon's topic tree: Home Assistant reads discovery configs under its own prefix.</summary>
public interface IDiscoveryPublisher
{
    Task PublishAsync(string absoluteTopic, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken);
}
