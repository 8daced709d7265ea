namespace Tmo.Edge.Core.Messaging;

/// <summary>One message as it arrived from the broker, before any validation.</summary>
public sealed record InboundMessage(string Topic, ReadOnlyMemory<byte> Payload, DateTimeOffset ReceivedAt)
{
    /// <summary>
    /// <see cref="TimeProvider.GetTimestamp"/> on arrival: the monotonic clock, for durations that must not jump when
    /// the wall clock (<see cref="ReceivedAt"/>) is stepped.
    /// </summary>
    public long ReceivedTimestamp { get; init; }

    /// <summary>MQTT 5 Response Topic of the request, if it carried one: where its answer is to go.</summary>
    public string? ResponseTopic { get; init; }

    /// <summary>MQTT 5 Correlation Data of the request, returned with its answer so the device can match them.</summary>
    public ReadOnlyMemory<byte> CorrelationData { get; init; }
}

/// <summary>What became of an inbound message. Rejected messages are answered on `error` and still acknowledged.</summary>
public enum InboundDisposition
{
    Accepted,
    Rejected,
}
