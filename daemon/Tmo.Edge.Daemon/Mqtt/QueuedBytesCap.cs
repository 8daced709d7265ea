using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using MQTTnet.Packets;
using MQTTnet.Protocol;
using MQTTnet.Server;
using Tmo.Edge.Daemon.Ingress;

namespace Tmo.Edge.Daemon.Mqtt;

/// <summary>
/// Caps the bytes (topic and payload) the embedded broker holds for one client: a subscriber that reads slowly, or a
/// persistent session whose client is away, cannot make the broker queue more than the cap; past it, new messages
/// for that client are not queued (the publisher's PUBACK then says no subscriber matched) until it catches up.
/// MQTTnet counts messages per client (MaxPendingMessagesPerClient) but not bytes, and raises no event when a message
/// leaves a queue; a message leaves, though, when the client has it: QoS 0 when it is sent (the outbound packet),
/// QoS 1 and 2 when the client acknowledges it (MQTTnet keeps it until then, to send it again after a reconnection).
/// </summary>
/// <remarks>
/// Counted from the enqueue interceptor, which sees every routed message, with the QoS it was published at; a
/// subscription may lower it to 0, so the outbound packet's QoS decides when it leaves. Retained messages sent on
/// subscribing bypass the interceptor: they are not counted and their departure takes nothing below zero, so the
/// count can only err low, by at most the retained messages a client was sent.
/// </remarks>
internal sealed class QueuedBytesCap(long maxBytesPerClient, ILogger logger)
{
    private readonly ConcurrentDictionary<string, ClientQueue> _queues = new(StringComparer.Ordinal);

    public void Attach(MqttServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        server.InterceptingClientEnqueueAsync += OnEnqueueAsync;
        server.InterceptingOutboundPacketAsync += OnOutboundAsync;
        server.ClientAcknowledgedPublishPacketAsync += OnAcknowledgedAsync;
        server.QueuedApplicationMessageOverwrittenAsync += OnOverwrittenAsync;
        server.SessionDeletedAsync += OnSessionDeletedAsync;
    }

    /// <summary>What the broker holds for the client now, as counted here.</summary>
    public long QueuedBytes(string clientId) => _queues.TryGetValue(clientId, out var queue) ? queue.Bytes : 0;

    private static long Size(string topic, long payloadBytes) => topic.Length + payloadBytes;

    private Task OnEnqueueAsync(InterceptingClientApplicationMessageEnqueueEventArgs args)
    {
        var message = args.ApplicationMessage;
        var queue = _queues.GetOrAdd(args.ReceiverClientId, _ => new ClientQueue());
        if (!queue.TryAdd(Size(message.Topic, message.Payload.Length), maxBytesPerClient))
        {
            args.AcceptEnqueue = false;
            if (queue.MarkFull())
            {
                logger.QueuedBytesCapReached(UntrustedText.Excerpt(args.ReceiverClientId, 64), queue.Bytes);
            }
        }

        return Task.CompletedTask;
    }

    private Task OnOutboundAsync(InterceptingPacketEventArgs args)
    {
        if (args.Packet is MqttPublishPacket { QualityOfServiceLevel: MqttQualityOfServiceLevel.AtMostOnce } publish)
        {
            Release(args.ClientId, publish);
        }

        return Task.CompletedTask;
    }

    private Task OnAcknowledgedAsync(ClientAcknowledgedPublishPacketEventArgs args)
    {
        if (args.IsCompleted)
        {
            Release(args.ClientId, args.PublishPacket);
        }

        return Task.CompletedTask;
    }

    private Task OnOverwrittenAsync(QueueMessageOverwrittenEventArgs args)
    {
        // A dropped QoS 1 or 2 message stays among the session's unacknowledged ones (sent again on reconnecting).
        if (args.Packet is MqttPublishPacket { QualityOfServiceLevel: MqttQualityOfServiceLevel.AtMostOnce } publish)
        {
            Release(args.ReceiverClientId, publish);
        }

        return Task.CompletedTask;
    }

    private Task OnSessionDeletedAsync(SessionDeletedEventArgs args)
    {
        _queues.TryRemove(args.Id, out _);
        return Task.CompletedTask;
    }

    private void Release(string clientId, MqttPublishPacket publish)
    {
        if (_queues.TryGetValue(clientId, out var queue))
        {
            queue.Release(Size(publish.Topic, publish.Payload.Length), maxBytesPerClient);
        }
    }

    private sealed class ClientQueue
    {
        private long _bytes;
        private int _full;

        public long Bytes => Interlocked.Read(ref _bytes);

        public bool TryAdd(long size, long max)
        {
            var current = Interlocked.Read(ref _bytes);
            while (current + size <= max)
            {
                var seen = Interlocked.CompareExchange(ref _bytes, current + size, current);
                if (seen == current)
                {
                    return true;
                }

                current = seen;
            }

            return false;
        }

        /// <summary>True the first time the cap is met since the queue was last below it: one warning per episode.</summary>
        public bool MarkFull() => Interlocked.Exchange(ref _full, 1) == 0;

        public void Release(long size, long max)
        {
            var current = Interlocked.Read(ref _bytes);
            while (true)
            {
                var seen = Interlocked.CompareExchange(ref _bytes, Math.Max(0, current - size), current);
                if (seen == current)
                {
                    break;
                }

                current = seen;
            }

            if (Bytes < max / 2)
            {
                Interlocked.Exchange(ref _full, 0);
            }
        }
    }
}
