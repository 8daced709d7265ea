using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Packets;
using MQTTnet.Protocol;
using MQTTnet.Server;
using Tmo.Edge.Core.Messaging;
using Tmo.Edge.Core.Options;
using Tmo.Edge.Daemon.Ingress;

namespace Tmo.Edge.Daemon.Mqtt;

/// <summary>
/// With the embedded broker, the messages for the daemon (its subscriptions' topics) go from the broker into the
/// <see cref="InboundChannel"/> in-process, instead of over the daemon's loopback client: two MQTT hops fewer per
/// prompt. The guarantee is the client path's, and now end to end: a QoS 1 or 2 message is acknowledged to its sender
/// (PUBACK, PUBREC) only once its receipt says it is recorded. When recording fails, its acknowledgement and those
/// behind it on the same connection are withheld and the connection is closed (after the reconnect backoff), so the
/// sender delivers them again, in order, on its next connection: while the store is broken, prompts wait at their
/// senders (docs/reliability.md).
/// </summary>
/// <remarks>
/// MQTTnet 5's server handles one connection's packets one at a time and queues each acknowledgement as soon as the
/// publish interceptors return. Waiting there for the record would let a connection have one prompt in flight, each
/// with a disk flush of its own. So the publish interceptor only waits for the message's place in line (the channel's
/// backpressure) and queues its receipt on the connection's line; the outbound packet interceptor, in the connection's
/// send loop, holds each acknowledgement until the receipt at the head of that line completes. MQTT requires
/// acknowledgements in arrival order, and the server queues them in that order, so a connection keeps up to the
/// channel's capacity of prompts in flight and they share the journal's group commits. Both interceptors get the
/// connection's own cancellation token (MqttConnectedClient gives its receive and send loops the same one), which is
/// what ties a held acknowledgement to its connection's line; it is cancelled when the connection ends.
/// A message for the daemon with no subscriber left answers "no matching subscribers"; the daemon took it, so its
/// acknowledgement says success.
/// </remarks>
public sealed partial class EmbeddedIngress(
    InboundChannel inbound,
    TopicLayout topics,
    IOptions<MqttOptions> options,
    MqttTrafficCounters counters,
    TimeProvider time,
    ILogger<EmbeddedIngress> logger)
{
    private static readonly Task Acknowledgeable = Task.CompletedTask;

    private readonly ConcurrentDictionary<(string ClientId, CancellationToken Connection), ConnectionLine> _lines = new();
    private readonly Lock _backoffLock = new();

    // The client path's reconnect schedule, so that a store that stays broken is retried as often either way.
    private readonly ReconnectBackoff _backoff = new(
        TimeSpan.FromSeconds(options.Value.ReconnectInitialSeconds),
        TimeSpan.FromSeconds(options.Value.ReconnectMaxSeconds),
        ReconnectBackoff.SeedFrom(options.Value.ClientId));

    private int _failuresInARow;
    private MqttServer? _server;

    /// <summary>Takes the daemon's messages from <paramref name="server"/>; after the access control, so refused messages never arrive.</summary>
    internal void Attach(MqttServer server)
    {
        _server = server;
        server.InterceptingPublishAsync += InterceptPublishAsync;
        server.InterceptingOutboundPacketAsync += HoldAcknowledgementAsync;
    }

    /// <summary>Whether the daemon takes messages on <paramref name="topic"/>: the filters its client would subscribe to.</summary>
    private bool IsForDaemon(string topic)
    {
        foreach (var filter in topics.Subscriptions)
        {
            if (MqttTopicFilterComparer.Compare(topic, filter) == MqttTopicFilterCompareResult.IsMatch)
            {
                return true;
            }
        }

        return false;
    }

    private async Task InterceptPublishAsync(InterceptingPublishEventArgs args)
    {
        if (args.CloseConnection)
        {
            // No acknowledgement follows.
            return;
        }

        var message = args.ApplicationMessage;
        // A will or an injected message has no connection (the token is None) and no acknowledgement.
        var line = message.QualityOfServiceLevel > MqttQualityOfServiceLevel.AtMostOnce && args.CancellationToken.CanBeCanceled
            ? LineOf(args.ClientId, args.CancellationToken)
            : null;
        if (!args.ProcessPublish || !IsForDaemon(message.Topic))
        {
            line?.Pending.Enqueue(new PendingAcknowledgement(Acknowledgeable, TakenByDaemon: false));
            return;
        }

        counters.CountReceived();
        var received = new InboundMessage(message.Topic, message.Payload.ToArray(), time.GetUtcNow())
        {
            ReceivedTimestamp = time.GetTimestamp(),
            ResponseTopic = message.ResponseTopic,
            CorrelationData = message.CorrelationData,
        };
        Task recorded;
        try
        {
            var session = line?.Session ?? inbound.OpenSession();
            recorded = (await session.WriteAsync(received, args.CancellationToken)).Recorded;
        }
        catch (Exception exception)
        {
            // The channel is closed (the daemon is stopping) or the connection ended while it waited for room.
            recorded = Task.FromException(exception);
        }

        line?.Pending.Enqueue(new PendingAcknowledgement(recorded, TakenByDaemon: true));
    }

    private async Task HoldAcknowledgementAsync(InterceptingPacketEventArgs args)
    {
        if (args.Packet is not (MqttPubAckPacket or MqttPubRecPacket)
            || !_lines.TryGetValue((args.ClientId, args.CancellationToken), out var line)
            || !line.Pending.TryDequeue(out var pending))
        {
            return;
        }

        if (line.Withholding)
        {
            // Behind a withheld one: the connection is closing and the sender delivers this one again too.
            args.ProcessPacket = false;
            return;
        }

        try
        {
            await pending.Recorded.WaitAsync(args.CancellationToken);
        }
        catch (Exception exception)
        {
            args.ProcessPacket = false;
            Withhold(args, line, pending, exception);
            return;
        }

        if (pending.TakenByDaemon)
        {
            SayTaken(args.Packet);
            if (Volatile.Read(ref _failuresInARow) > 0)
            {
                lock (_backoffLock)
                {
                    _backoff.Reset();
                    _failuresInARow = 0;
                }
            }
        }
    }

    /// <summary>
    /// Withholds an acknowledgement whose message was not recorded, ends the connection's session so nothing behind it
    /// is taken or acknowledged either, and closes the connection so that the sender delivers them all again.
    /// </summary>
    private void Withhold(InterceptingPacketEventArgs args, ConnectionLine line, PendingAcknowledgement pending, Exception exception)
    {
        line.Withholding = true;
        line.Session.End();
        if (args.CancellationToken.IsCancellationRequested)
        {
            // The connection is gone already.
            return;
        }

        if (pending.TakenByDaemon && exception is not InboundSessionEndedException)
        {
            LogNotRecorded(logger, UntrustedText.Excerpt(args.ClientId, 64), exception);
        }

        if (_server is { } server)
        {
            TimeSpan delay;
            lock (_backoffLock)
            {
                delay = _backoff.Next();
                _failuresInARow = _backoff.Failures;
            }

            _ = CloseAfterAsync(server, args.ClientId, delay, args.CancellationToken);
        }
    }

    /// <summary>
    /// Closes the connection after <paramref name="delay"/> (the backoff since the last message recorded), so that a
    /// sender that reconnects and delivers again at once meets a broken store no more often than the client path would.
    /// </summary>
    private async Task CloseAfterAsync(MqttServer server, string clientId, TimeSpan delay, CancellationToken connection)
    {
        try
        {
            await Task.Delay(delay, time, connection);
        }
        catch (OperationCanceledException)
        {
            // The sender closed it first.
            return;
        }

        try
        {
            await server.DisconnectClientAsync(clientId, new MqttServerClientDisconnectOptions
            {
                ReasonCode = MqttDisconnectReasonCode.ImplementationSpecificError,
                ReasonString = "the daemon could not record a message; deliver it again",
            });
        }
        catch (Exception exception)
        {
            // Most often the connection is gone already, which is what closing it was for.
            var client = UntrustedText.Excerpt(clientId, 64);
            LogCloseFailed(logger, client, exception);
        }
    }

    private static void SayTaken(MqttPacket packet)
    {
        switch (packet)
        {
            case MqttPubAckPacket { ReasonCode: MqttPubAckReasonCode.NoMatchingSubscribers } ack:
                ack.ReasonCode = MqttPubAckReasonCode.Success;
                break;
            case MqttPubRecPacket { ReasonCode: MqttPubRecReasonCode.NoMatchingSubscribers } rec:
                rec.ReasonCode = MqttPubRecReasonCode.Success;
                break;
        }
    }

    private ConnectionLine LineOf(string clientId, CancellationToken connection)
    {
        var key = (clientId, connection);
        if (_lines.TryGetValue(key, out var line))
        {
            return line;
        }

        line = _lines.GetOrAdd(key, _ => new ConnectionLine(inbound.OpenSession()));
        try
        {
            connection.Register(() => _lines.TryRemove(key, out _));
        }
        catch (ObjectDisposedException)
        {
            // Ended already: nothing of it will be acknowledged.
            _lines.TryRemove(key, out _);
        }

        return line;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A message from client {ClientId} was not recorded: its acknowledgement and those behind it are withheld and the connection is closed, so the sender delivers them again")]
    private static partial void LogNotRecorded(ILogger logger, string clientId, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Closing the connection of client {ClientId} after a message was not recorded failed")]
    private static partial void LogCloseFailed(ILogger logger, string clientId, Exception exception);

    /// <summary>One connection's messages in arrival order, and the acknowledgements its send loop is to release in that order.</summary>
    private sealed class ConnectionLine(InboundSession session)
    {
        public InboundSession Session { get; } = session;

        public ConcurrentQueue<PendingAcknowledgement> Pending { get; } = new();

        /// <summary>Set by the send loop (one at a time) once it withheld an acknowledgement: it withholds the rest.</summary>
        public bool Withholding { get; set; }
    }

    private readonly record struct PendingAcknowledgement(Task Recorded, bool TakenByDaemon);
}
