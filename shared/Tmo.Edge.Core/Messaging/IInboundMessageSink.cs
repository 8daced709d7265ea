namespace Tmo.Edge.Core.Messaging;

/// <summary>
/// Receives every message the daemon's MQTT subscription delivers. The transport acknowledges the message (QoS 1
/// PUBACK) only after <see cref="AcceptAsync"/> returns, so whatever it returns for has been durably recorded; when it
/// throws (storage unavailable, shutdown) the message is not acknowledged and the broker delivers it again.
/// Awaiting it is the backpressure: the transport handles one message at a time.
/// </summary>
public interface IInboundMessageSink
{
    ValueTask<InboundDisposition> AcceptAsync(InboundMessage message, CancellationToken cancellationToken);
}
