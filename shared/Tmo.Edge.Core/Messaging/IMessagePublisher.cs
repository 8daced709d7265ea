namespace Tmo.Edge.Core.Messaging;

/// <summary>Publishes on the daemon's topic tree; topics are relative to the configured prefix (e.g. "out/response").</summary>
public interface IMessagePublisher
{
    /// <summary>Publishes at QoS 1. Returns when the broker has acknowledged it; throws when it could not be delivered.</summary>
    Task PublishAsync(string relativeTopic, ReadOnlyMemory<byte> payload, bool retain, CancellationToken cancellationToken);
}
