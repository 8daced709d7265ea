using Microsoft.Extensions.Logging;
using MQTTnet.Protocol;
using MQTTnet.Server;
using Tmo.Edge.Core.Messaging;

namespace Tmo.Edge.Daemon.Mqtt;

/// <summary>
/// DESIGN section 3: `cmd/*` is only accepted from the broker user configured for the console. Other publishers get
/// a PUBACK with NotAuthorized (MQTT 5) and the message reaches no subscriber. Without a console user every client
/// may send commands, as on a broker with no ACL.
/// </summary>
internal sealed class CommandAccessControl(TopicLayout topics, string? consoleUsername, ILogger logger)
{
    public bool IsAllowed(string topic, string? userName) =>
        string.IsNullOrEmpty(consoleUsername) || !IsCommand(topic) || string.Equals(userName, consoleUsername, StringComparison.Ordinal);

    public Task InterceptAsync(InterceptingPublishEventArgs args)
    {
        if (!IsAllowed(args.ApplicationMessage.Topic, args.UserName))
        {
            args.ProcessPublish = false;
            args.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
            args.Response.ReasonString = "only the console user may send commands";
            logger.CommandRefused(args.ApplicationMessage.Topic, args.ClientId, args.UserName);
        }

        return Task.CompletedTask;
    }

    private bool IsCommand(string topic) =>
        topics.Relative(topic) is { } relative && (relative == "cmd" || relative.StartsWith("cmd/", StringComparison.Ordinal));
}
