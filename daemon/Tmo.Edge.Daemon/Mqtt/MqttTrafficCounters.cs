namespace Tmo.Edge.Daemon.Mqtt;

/// <summary>
/// Running totals of the daemon's MQTT traffic since start, for the metrics endpoint. Thread-safe; readers may see
/// one counter a step ahead of another, never a torn value.
/// </summary>
public sealed class MqttTrafficCounters
{
    private long _received;
    private long _published;
    private long _publishFailures;
    private long _reconnects;
    private int _connected;

    /// <summary>Messages handed to the inbound sink; a message redelivered after a failure counts again.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Publishes the broker acknowledged, the daemon's own status messages included.</summary>
    public long Published => Interlocked.Read(ref _published);

    /// <summary>Publishes that threw: not connected, refused by the broker, or cut off before the acknowledgement.</summary>
    public long PublishFailures => Interlocked.Read(ref _publishFailures);

    /// <summary>Connections established after the first one.</summary>
    public long Reconnects => Interlocked.Read(ref _reconnects);

    /// <summary>Connected, subscribed and announced `online`.</summary>
    public bool IsConnected => Volatile.Read(ref _connected) != 0;

    internal void CountReceived() => Interlocked.Increment(ref _received);

    internal void CountPublished() => Interlocked.Increment(ref _published);

    internal void CountPublishFailure() => Interlocked.Increment(ref _publishFailures);

    internal void CountReconnect() => Interlocked.Increment(ref _reconnects);

    internal void SetConnected(bool connected) => Volatile.Write(ref _connected, connected ? 1 : 0);
}
