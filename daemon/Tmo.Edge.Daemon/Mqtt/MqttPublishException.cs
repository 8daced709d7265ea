namespace Tmo.Edge.Daemon.Mqtt;

/// <summary>A publish the broker did not acknowledge: not connected, refused, or cut off before the acknowledgement.</summary>
public sealed class MqttPublishException : Exception
{
    public MqttPublishException()
    {
    }

    public MqttPublishException(string message)
        : base(message)
    {
    }

    public MqttPublishException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
