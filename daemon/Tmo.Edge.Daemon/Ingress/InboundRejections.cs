using System.Text.Json;
using Microsoft.Extensions.Logging;
using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Core.Messaging;
using Tmo.Edge.Daemon.Metrics;

namespace Tmo.Edge.Daemon.Ingress;

/// <summary>
/// Says no to an inbound message: counted, logged and answered on `error` (docs/mqtt-contract.md), then acknowledged by
/// the caller. The topic is echoed as a bounded, escaped excerpt; the reason must already be safe to show. A message
/// from a device account's branch is answered on that account's own `error` too, the only one the device may read.
/// </summary>
public sealed partial class InboundRejections(IMessagePublisher publisher, TopicLayout topics, DaemonMetrics metrics, ILogger<InboundRejections> logger)
{
    /// <summary>Any real topic fits; a 64 KiB one does not make a 64 KiB error.</summary>
    public const int MaxTopicChars = 256;

    public async ValueTask<InboundDisposition> RejectAsync(InboundMessage message, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        metrics.Rejected();
        var topic = UntrustedText.Excerpt(message.Topic, MaxTopicChars);
        LogRejected(logger, topic, reason);
        var error = JsonSerializer.SerializeToUtf8Bytes(
            new ErrorMessage(topic, reason, message.ReceivedAt, message.Payload.Length), ContractJsonContext.Default.ErrorMessage);
        await PublishAsync(TopicLayout.Error, error, cancellationToken);
        if (topics.TrySplitAccount(message.Topic, out var account, out _) && MqttAccountName.IsValid(account))
        {
            await PublishAsync($"{TopicLayout.Users}/{account}/{TopicLayout.Error}", error, cancellationToken);
        }

        return InboundDisposition.Rejected;
    }

    private async Task PublishAsync(string relativeTopic, byte[] error, CancellationToken cancellationToken)
    {
        try
        {
            await publisher.PublishAsync(relativeTopic, error, retain: false, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogErrorNotPublished(logger, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected a message on {Topic}: {Reason}")]
    private static partial void LogRejected(ILogger logger, string topic, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not publish the rejection on the error topic: {Reason}")]
    private static partial void LogErrorNotPublished(ILogger logger, string reason);
}
