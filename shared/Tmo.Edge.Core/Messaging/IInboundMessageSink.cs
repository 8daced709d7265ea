namespace Tmo.Edge.Core.Messaging;

/// <summary>
/// Receives every message that comes into the daemon (the daemon's inbound channel hands them over), one call at a
/// time, in arrival order.
/// <see cref="AcceptAsync"/> returns once the message has its place in line (awaiting it is the backpressure); the
/// receipt's <see cref="InboundReceipt.Recorded"/> completes when whatever the message needs is durably recorded.
/// The receiver (the MQTT connection) acknowledges (QoS 1 PUBACK, in arrival order) only after that; when it faults (storage unavailable,
/// shutdown) the message is not acknowledged and the broker delivers it again. Because the next message is taken
/// while earlier ones are still being recorded, many messages share one disk flush.
/// </summary>
public interface IInboundMessageSink
{
    ValueTask<InboundReceipt> AcceptAsync(InboundMessage message, CancellationToken cancellationToken);
}

/// <summary>Completes with the message's disposition once it is durably recorded.</summary>
public readonly record struct InboundReceipt(Task<InboundDisposition> Recorded)
{
    public static InboundReceipt Done(InboundDisposition disposition) => new(Task.FromResult(disposition));
}
