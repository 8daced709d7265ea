using MQTTnet;
using MQTTnet.Protocol;
using Tmo.Edge.Core.Messaging;

namespace Tmo.Edge.Daemon.Mqtt;

/// <summary>
/// Outbound: QoS 1 publishes that return once the broker acknowledged them, and throw otherwise; QoS 0 publishes that
/// return once written to the connection. On the daemon's own embedded broker both are handed to it in-process, and
/// return once it has queued them for their subscribers.
/// </summary>
public sealed partial class MqttConnection
{
    public Task PublishAsync(string relativeTopic, ReadOnlyMemory<byte> payload, bool retain, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(relativeTopic);
        return PublishCoreAsync(_topics.Absolute(relativeTopic), payload, retain, cancellationToken);
    }

    /// <summary>Publishes outside the daemon's tree (Home Assistant discovery under its own prefix).</summary>
    public Task PublishAbsoluteAsync(string topic, ReadOnlyMemory<byte> payload, bool retain, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        return PublishCoreAsync(topic, payload, retain, cancellationToken);
    }

    public Task ReplyAsync(ReplyRoute route, ReadOnlyMemory<byte> payload, bool partial, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(route);
        return PublishCoreAsync(partial ? route.PartialTopic : route.ResponseTopic, payload, retain: false, cancellationToken, correlationData: route.CorrelationData);
    }

    public Task PublishBestEffortAsync(string relativeTopic, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(relativeTopic);
        return PublishCoreAsync(_topics.Absolute(relativeTopic), payload, retain: false, cancellationToken, MqttQualityOfServiceLevel.AtMostOnce);
    }

    private async Task PublishCoreAsync(
        string topic,
        ReadOnlyMemory<byte> payload,
        bool retain,
        CancellationToken cancellationToken,
        MqttQualityOfServiceLevel qos = MqttQualityOfServiceLevel.AtLeastOnce,
        ReadOnlyMemory<byte> correlationData = default)
    {
        MqttClientPublishResult result;
        try
        {
            var builder = new MqttApplicationMessageBuilder()
                .WithTopic(topic)
                .WithPayloadSegment(payload)
                .WithQualityOfServiceLevel(qos)
                .WithRetainFlag(retain);
            if (!correlationData.IsEmpty)
            {
                builder.WithCorrelationData(correlationData.ToArray());
            }

            var message = builder.Build();
            if (await _embeddedBroker.TryPublishAsync(message, cancellationToken))
            {
                _counters.CountPublished();
                return;
            }

            if (!_client.IsConnected)
            {
                throw new MqttPublishException($"Not connected to the MQTT broker {_endpoint}: {topic} was not published.");
            }

            result = await _client.PublishAsync(message, cancellationToken);
        }
        catch (Exception exception)
        {
            _counters.CountPublishFailure();
            if (exception is MqttPublishException || (exception is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                throw;
            }

            throw new MqttPublishException($"Publishing {topic} to the MQTT broker {_endpoint} failed: {exception.Message}", exception);
        }

        if (result.ReasonCode is not (MqttClientPublishReasonCode.Success or MqttClientPublishReasonCode.NoMatchingSubscribers))
        {
            _counters.CountPublishFailure();
            throw new MqttPublishException($"The MQTT broker {_endpoint} refused {topic}: {result.ReasonCode} {result.ReasonString}".TrimEnd());
        }

        _counters.CountPublished();
    }
}
