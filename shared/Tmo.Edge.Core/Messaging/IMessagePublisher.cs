namespace Tmo.Edge.Core.Messaging;

/// <summary>Publishes on the daemon's topic tree; topics are relative to the configured prefix (e.g. "out/response").</summary>
public interface IMessagePublisher
{
    /// <summary>Publishes at QoS 1. Returns when the broker has acknowledged it; throws when it could not be delivered.</summary>
    Task PublishAsync(string relativeTopic, ReadOnlyMemory<byte> payload, bool retain, CancellationToken cancellationToken);

    /// <summary>
    /// Publishes an answer at QoS 1 on <paramref name="route"/>'s topic (<paramref name="partial"/>: its `/partial`
    /// sibling), with its Correlation Data. Returns when the broker has acknowledged it; throws otherwise.
    /// </summary>
    Task ReplyAsync(ReplyRoute route, ReadOnlyMemory<byte> payload, bool partial, CancellationToken cancellationToken);

    /// <summary>
    /// Publishes at QoS 0, for streams where the next message supersedes a lost one (decisions as they are made,
    /// telemetry): returns once the message is handed to the connection, without waiting for the broker. Throws when
    /// not connected. Publishers without a cheaper path deliver it at QoS 1.
    /// </summary>
    Task PublishBestEffortAsync(string relativeTopic, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
        PublishAsync(relativeTopic, payload, retain: false, cancellationToken);
}
