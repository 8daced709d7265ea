using System.Threading.Channels;
using Tmo.Edge.Core.Messaging;

namespace Tmo.Edge.Daemon.Ingress;

/// <summary>
/// The one way into the daemon: whatever receives messages (the MQTT connection today) writes each one here through
/// an <see cref="InboundSession"/>, in arrival order, and <see cref="InboundPump"/> hands them to the
/// <see cref="IInboundMessageSink"/> one at a time. A write returns once the message has its place in line, waiting
/// while the channel is full (backpressure); its receipt completes once the message is durably recorded, and faults
/// when it was not (storage, shutdown), so the writer acknowledges only what is recorded and leaves the rest for the
/// sender to deliver again.
/// </summary>
public sealed class InboundChannel
{
    /// <summary>
    /// Messages waiting for the sink. As many as a broker may have in flight unacknowledged to the daemon
    /// (the MQTT Receive Maximum), so a QoS 1 burst never waits at the channel, only at the broker.
    /// </summary>
    public const ushort Capacity = 64;

    private readonly Channel<InboundDelivery> _deliveries =
        Channel.CreateBounded<InboundDelivery>(new BoundedChannelOptions(Capacity) { SingleReader = true });

    /// <summary>A new ordered stream of messages, e.g. one per connection to the broker.</summary>
    public InboundSession OpenSession() => new(this);

    internal ChannelReader<InboundDelivery> Reader => _deliveries.Reader;

    internal async ValueTask<InboundReceipt> WriteAsync(InboundSession session, InboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var delivery = new InboundDelivery(session, message);
        await _deliveries.Writer.WriteAsync(delivery, cancellationToken);
        return new InboundReceipt(delivery.Recorded);
    }

    /// <summary>Refuses further writes and fails the receipts of the messages still waiting: none of them is recorded.</summary>
    internal void Close()
    {
        _deliveries.Writer.TryComplete();
        while (_deliveries.Reader.TryRead(out var delivery))
        {
            delivery.NotTaken();
        }
    }
}

/// <summary>
/// One ordered stream of messages into the <see cref="InboundChannel"/>. Once one of its messages is not recorded, the
/// session ends: the messages behind it are not taken either (their receipts fault with
/// <see cref="InboundSessionEndedException"/>), so nothing overtakes the message its sender will deliver again; the
/// writer opens a new session for the redelivery.
/// </summary>
public sealed class InboundSession
{
    private readonly InboundChannel _channel;
    private volatile bool _ended;

    internal InboundSession(InboundChannel channel) => _channel = channel;

    public bool Ended => _ended;

    /// <summary>Queues <paramref name="message"/>; throws when the channel is closed (the daemon is stopping).</summary>
    public ValueTask<InboundReceipt> WriteAsync(InboundMessage message, CancellationToken cancellationToken) =>
        _channel.WriteAsync(this, message, cancellationToken);

    /// <summary>Takes no more of this session's messages.</summary>
    public void End() => _ended = true;
}

/// <summary>The message was not taken because an earlier message of its session was not recorded.</summary>
public sealed class InboundSessionEndedException() : Exception("An earlier message of the same session was not recorded; this one waits for redelivery behind it.");

/// <summary>A message in the <see cref="InboundChannel"/> and the receipt its writer waits on.</summary>
internal sealed class InboundDelivery(InboundSession session, InboundMessage message)
{
    private readonly TaskCompletionSource<Task<InboundDisposition>> _taken = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public InboundSession Session { get; } = session;

    public InboundMessage Message { get; } = message;

    /// <summary>Completes once the sink has taken the message and recorded it.</summary>
    public Task<InboundDisposition> Recorded => _taken.Task.Unwrap();

    public void Taken(InboundReceipt receipt) => _taken.TrySetResult(receipt.Recorded);

    public void Failed(Exception exception) => _taken.TrySetException(exception);

    public void NotTaken() => _taken.TrySetCanceled();
}
