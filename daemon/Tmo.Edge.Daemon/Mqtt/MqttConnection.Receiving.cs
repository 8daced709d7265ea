using System.Buffers;
using Microsoft.Extensions.Logging;
using MQTTnet;
using Tmo.Edge.Core.Messaging;

namespace Tmo.Edge.Daemon.Mqtt;

/// <summary>Inbound: one message at a time into the sink, acknowledged only after it returned.</summary>
public sealed partial class MqttConnection
{
    private async Task OnMessageReceivedAsync(MqttApplicationMessageReceivedEventArgs args)
    {
        args.AutoAcknowledge = false;
        if (_awaitingRedelivery || _stopping.IsCancellationRequested)
        {
            // Left unacknowledged: the broker delivers it again, in order, after the reconnection.
            return;
        }

        var generation = Volatile.Read(ref _generation);
        var topic = args.ApplicationMessage.Topic;
        _counters.CountReceived();
        var message = new InboundMessage(topic, args.ApplicationMessage.Payload.ToArray(), _time.GetUtcNow());
        try
        {
            await _sink.AcceptAsync(message, _stopping);
        }
        catch (Exception exception)
        {
            if (!_stopping.IsCancellationRequested)
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

        if (generation != Volatile.Read(ref _generation))
        {
            // The connection it came on has ended: the broker redelivers it, and packet identifiers are per delivery,
            // so acknowledging it on the new connection could acknowledge another message.
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
