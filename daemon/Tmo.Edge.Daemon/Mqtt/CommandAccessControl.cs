using System.Text.Json;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;
using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Core.Messaging;
using Tmo.Edge.Daemon.Ingress;

namespace Tmo.Edge.Daemon.Mqtt;

/// <summary>
/// DESIGN section 3: `cmd/*` is only accepted from the broker user configured for the console. Other publishers get
/// a PUBACK with NotAuthorized (MQTT 5) and the message reaches no subscriber; the refusal is logged and, like every
/// rejected message, answered on `error` (the daemon never sees the command, so the broker says it). Without a console
/// user every client may send commands, as on a broker with no ACL.
/// </summary>
internal sealed class CommandAccessControl(
    TopicLayout topics, string? consoleUsername, Func<InjectedMqttApplicationMessage, Task> inject, TimeProvider time, ILogger logger)
{
    public const string Reason = "only the console user may send commands";

    public bool IsAllowed(string topic, string? userName) =>
        string.IsNullOrEmpty(consoleUsername) || !IsCommand(topic) || string.Equals(userName, consoleUsername, StringComparison.Ordinal);

    public async Task InterceptAsync(InterceptingPublishEventArgs args)
    {
        var message = args.ApplicationMessage;
        if (IsAllowed(message.Topic, args.UserName))
        {
            return;
        }

        args.ProcessPublish = false;
        args.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
        args.Response.ReasonString = Reason;
        // All three are the publisher's to choose: echoed as bounded, escaped excerpts.
        var topic = UntrustedText.Excerpt(message.Topic, InboundRejections.MaxTopicChars);
        var userName = UntrustedText.Excerpt(args.UserName, 64);
        logger.CommandRefused(topic, UntrustedText.Excerpt(args.ClientId, 64), userName);

        var error = new ErrorMessage(topic, $"{Reason}; refused from user '{userName}'", time.GetUtcNow(), (int)message.Payload.Length);
        var published = new MqttApplicationMessageBuilder()
            .WithTopic(topics.Absolute(TopicLayout.Error))
            .WithPayload(JsonSerializer.SerializeToUtf8Bytes(error, ContractJsonContext.Default.ErrorMessage))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        try
        {
            await inject(new InjectedMqttApplicationMessage(published));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The refusal itself stands and is logged; only its announcement is lost.
            logger.RefusalNotAnnounced(topic, ex.Message);
        }
    }

    private bool IsCommand(string topic) =>
        topics.Relative(topic) is { } relative && (relative == "cmd" || relative.StartsWith("cmd/", StringComparison.Ordinal));
}
