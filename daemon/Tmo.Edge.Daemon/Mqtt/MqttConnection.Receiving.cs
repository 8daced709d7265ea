using System.Buffers;
using Microsoft.Extensions.Logging;
using MQTTnet;
using Tmo.Edge.Core.Messaging;
using Tmo.Edge.Daemon.Ingress;

namespace Tmo.Edge.Daemon.Mqtt;

/// <summary>
/// Inbound: each message goes into the <see cref="Ingress.InboundChannel"/> in arrival order; it is acknowledged once
/// its receipt says it is recorded, in arrival order too (MQTT requires PUBACKs in order), while later messages are already being taken
/// (the broker's receive maximum bounds how many are in flight).
/// </summary>
public sealed partial class MqttConnection
{
    private Task _acknowledgedSoFar = Task.CompletedTask;

    private async Task OnMessageReceivedAsync(MqttApplicationMessageReceivedEventArgs args)
    {
        args.AutoAcknowledge = false;
        if (_awaitingRedelivery || _stopping.IsCancellationRequested)
        {
            // Left unacknowledged: the broker delivers it again, in order, after the reconnection.
            return;
        }

        var generation = Volatile.Read(ref _generation);
        var session = _session;
        _counters.CountReceived();
        var message = new InboundMessage(args.ApplicationMessage.Topic, args.ApplicationMessage.Payload.ToArray(), _time.GetUtcNow())
        {
            ReceivedTimestamp = _time.GetTimestamp(),
            ResponseTopic = args.ApplicationMessage.ResponseTopic,
            CorrelationData = args.ApplicationMessage.CorrelationData,
        };
        Task<InboundDisposition> recorded;
        try
        {
            recorded = (await session.WriteAsync(message, _stopping)).Recorded;
        }
        catch (Exception exception)
        {
            recorded = Task.FromException<InboundDisposition>(exception);
        }

        // Handlers run one at a time, so the chain is extended in arrival order.
        // Only for the log: the topic is the publisher's to choose.
        var topic = Ingress.UntrustedText.Excerpt(message.Topic, Ingress.InboundRejections.MaxTopicChars);
        _acknowledgedSoFar = AcknowledgeAfterAsync(_acknowledgedSoFar, recorded, args, session, generation, topic);
    }

    private async Task AcknowledgeAfterAsync(Task previous, Task<InboundDisposition> recorded, MqttApplicationMessageReceivedEventArgs args, InboundSession session, int generation, string topic)
    {
        await previous;
        try
        {
            await recorded;
        }
        catch (Exception exception)
        {
            // Nothing behind it is taken either; the broker delivers them again, in order, on the next connection.
            session.End();
            if (!_stopping.IsCancellationRequested && exception is not InboundSessionEndedException)
            {
                _logger.SinkFailed(topic, exception);
            }

            if (generation == Volatile.Read(ref _generation))
            {
                // Flag first: the reconnect loop checks it whenever it re-arms the signal.
                _awaitingRedelivery = true;
                _connectionEnded.TrySetResult(new ConnectionEnd(SinkFailedReason, SinkFailed: true));
            }

            return;
        }

        if (_awaitingRedelivery || generation != Volatile.Read(ref _generation))
        {
            // Behind a failed message, or the connection it came on has ended: the broker redelivers it, and packet
            // identifiers are per delivery, so acknowledging it on the new connection could acknowledge another message.
            return;
        }

        _acceptedSinceConnect = true;
        try
        {
            await args.AcknowledgeAsync(CancellationToken.None);
        }
        catch (Exception exception)
        {
            _logger.AcknowledgeFailed(topic, exception);
        }
    }

    private Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs args)
    {
        // Failed connection attempts raise the event too; the reconnect loop reports those itself.
        if (args.ClientWasConnected)
        {
            var reason = args.Exception is null ? args.Reason.ToString() : $"{args.Reason}: {args.Exception.Message}";
            _connectionEnded.TrySetResult(new ConnectionEnd(reason, SinkFailed: false));
        }

        return Task.CompletedTask;
    }
}
