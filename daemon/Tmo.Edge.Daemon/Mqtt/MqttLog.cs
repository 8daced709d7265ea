using Microsoft.Extensions.Logging;

namespace Tmo.Edge.Daemon.Mqtt;

/// <summary>The transport's log lines. Endpoints, client ids and usernames only: never a password or a payload.</summary>
internal static partial class MqttLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Embedded MQTT broker listening on {Address}:{Port}")]
    public static partial void BrokerStarted(this ILogger logger, string address, int port);

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedded MQTT broker stopped")]
    public static partial void BrokerStopped(this ILogger logger);

    [LoggerMessage(Level = LogLevel.Debug, Message = "External MQTT broker configured; the embedded broker stays off")]
    public static partial void BrokerNotUsed(this ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Broker queue for client {ClientId} is full: dropped its oldest queued message")]
    public static partial void QueuedMessageDropped(this ILogger logger, string clientId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Closed the connection from {Endpoint}: a packet of {Bytes} bytes or more exceeds the maximum of {MaxBytes} (Tmo:Mqtt:MaxPacketBytes)")]
    public static partial void PacketTooLarge(this ILogger logger, string endpoint, long bytes, int maxBytes);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Accepting a connection failed: {Error}")]
    public static partial void AcceptFailed(this ILogger logger, System.Net.Sockets.SocketError error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Broker queue for client {ClientId} holds {QueuedBytes} bytes, the most allowed (Tmo:Mqtt:MaxQueuedBytesPerClient): new messages for it are dropped until it catches up")]
    public static partial void QueuedBytesCapReached(this ILogger logger, string clientId, long queuedBytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to MQTT broker {Endpoint} as {ClientId} (session present: {SessionPresent})")]
    public static partial void Connected(this ILogger logger, string endpoint, string clientId, bool sessionPresent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection to MQTT broker {Endpoint} ended, reconnecting in {DelaySeconds:0.###} s: {Reason}")]
    public static partial void ConnectionEnded(this ILogger logger, string endpoint, string reason, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connecting to MQTT broker {Endpoint} failed (attempt {Attempt}), retrying in {DelaySeconds:0.###} s: {Reason}")]
    public static partial void ConnectFailed(this ILogger logger, string endpoint, int attempt, string reason, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inbound message on {Topic} not accepted; it stays unacknowledged and is redelivered after reconnecting")]
    public static partial void SinkFailed(this ILogger logger, string topic, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Acknowledging the message on {Topic} failed; the broker will deliver it again")]
    public static partial void AcknowledgeFailed(this ILogger logger, string topic, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Announcing offline and disconnecting from MQTT broker {Endpoint} failed: {Reason}")]
    public static partial void GracefulDisconnectFailed(this ILogger logger, string endpoint, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Closing the connection to MQTT broker {Endpoint} cleanly failed")]
    public static partial void DisconnectFailed(this ILogger logger, string endpoint, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Disconnected from MQTT broker {Endpoint}")]
    public static partial void Disconnected(this ILogger logger, string endpoint);
}
