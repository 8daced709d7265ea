using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;
using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Core.Messaging;
using Tmo.Edge.Daemon.Ingress;

namespace Tmo.Edge.Daemon.Mqtt.Access;

/// <summary>
/// Enforces the perimeter (docs/reliability.md) on the embedded broker. CONNECT: every client logs in with an account of the password
/// file (or, for the daemon, its in-memory login); anonymous and wrong passwords get "bad user name or password"; a
/// zero-length client id is assigned one (MQTT 5's Assigned Client Identifier here, MQTT 3.1.1's in
/// <see cref="ClientIdAssigningChannelAdapter"/>); the daemon's
/// client id is for the daemon alone, and a client id another account holds a session under cannot be taken over.
/// PUBLISH and SUBSCRIBE follow <see cref="BrokerAccessPolicy"/>; a refused publish gets NotAuthorized (MQTT 5), reaches
/// no subscriber and is announced on `error` and on the sender's own `error`.
/// </summary>
internal sealed partial class BrokerAccessControl(
    BrokerAccessPolicy policy,
    BrokerAccounts accounts,
    EmbeddedBrokerLogin daemonLogin,
    string daemonClientId,
    string? consoleUserName,
    TopicLayout topics,
    Func<InjectedMqttApplicationMessage, Task> inject,
    TimeProvider time,
    ILogger logger)
{
    private readonly ConcurrentDictionary<string, string> _clientIdOwners = new(StringComparer.Ordinal);

    public Task ValidateConnectionAsync(ValidatingConnectionEventArgs args)
    {
        var userName = args.UserName;
        if (!Authenticates(userName, args.RawPassword ?? []))
        {
            args.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
            LogLoginRefused(logger, UntrustedText.Excerpt(userName ?? "(anonymous)"), args.RemoteEndPoint?.ToString() ?? "?");
            return Task.CompletedTask;
        }

        var clientId = args.ClientId;
        if (string.IsNullOrEmpty(clientId))
        {
            clientId = AssignedClientIds.For(userName);
            args.AssignedClientIdentifier = clientId;
        }

        // The daemon's id is checked first, so a refused claim on it is never recorded as its owner.
        var reservedForDaemon = clientId == daemonClientId && RoleOf(userName) != BrokerRole.Daemon;
        if (reservedForDaemon || _clientIdOwners.GetOrAdd(clientId, userName!) != userName)
        {
            args.ReasonCode = MqttConnectReasonCode.ClientIdentifierNotValid;
            LogClientIdRefused(logger, UntrustedText.Excerpt(clientId), userName!);
        }

        return Task.CompletedTask;
    }

    public async Task InterceptPublishAsync(InterceptingPublishEventArgs args)
    {
        var message = args.ApplicationMessage;
        var userName = args.UserName;
        if (userName is null)
        {
            // Injected by the broker itself (the refusals below).
            return;
        }

        var role = RoleOf(userName);
        if (policy.MayPublish(role, userName, message.Topic))
        {
            return;
        }

        args.ProcessPublish = false;
        args.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
        var reason = Refusal(role, userName);
        args.Response.ReasonString = reason;
        LogPublishRefused(logger, UntrustedText.Excerpt(message.Topic), args.ClientId, userName);

        var error = JsonSerializer.SerializeToUtf8Bytes(
            new ErrorMessage(UntrustedText.Excerpt(message.Topic), reason, time.GetUtcNow(), (int)message.Payload.Length), ContractJsonContext.Default.ErrorMessage);
        await AnnounceAsync(topics.Absolute(TopicLayout.Error), error, message.Topic);
        if (policy.ErrorTopicFor(role, userName) is { } own)
        {
            await AnnounceAsync(own, error, message.Topic);
        }
    }

    public Task InterceptSubscriptionAsync(InterceptingSubscriptionEventArgs args)
    {
        var userName = args.UserName ?? string.Empty;
        var filter = args.TopicFilter.Topic;
        if (!policy.MaySubscribe(RoleOf(userName), userName, filter))
        {
            args.ProcessSubscription = false;
            args.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
            args.ReasonString = $"a device account reads only {topics.AccountRoot(userName)}/# and the daemon's status, health and telemetry";
            LogSubscriptionRefused(logger, UntrustedText.Excerpt(filter), args.ClientId, userName);
        }

        return Task.CompletedTask;
    }

    /// <summary>A client id is free again once its session is gone (a clean session ends with its connection).</summary>
    public Task OnSessionDeletedAsync(SessionDeletedEventArgs args)
    {
        _clientIdOwners.TryRemove(args.Id, out _);
        return Task.CompletedTask;
    }

    private bool Authenticates(string? userName, byte[] password)
    {
        if (string.IsNullOrEmpty(userName))
        {
            return false;
        }

        return userName == EmbeddedBrokerLogin.UserName
            ? daemonLogin.Matches(userName, password)
            : accounts.Current().Verify(userName, password);
    }

    private BrokerRole RoleOf(string? userName) => userName switch
    {
        EmbeddedBrokerLogin.UserName => BrokerRole.Daemon,
        _ when !string.IsNullOrEmpty(consoleUserName) && userName == consoleUserName => BrokerRole.Console,
        _ => BrokerRole.Device,
    };

    private string Refusal(BrokerRole role, string userName) => role == BrokerRole.Console
        ? $"the console account may publish only {topics.Absolute(TopicLayout.CommandPrefix)}#"
        : $"account '{userName}' may publish only {topics.AccountRoot(userName)}/{TopicLayout.InboundPrefix}#";

    private async Task AnnounceAsync(string topic, byte[] error, string refusedTopic)
    {
        var published = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(error)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        try
        {
            await inject(new InjectedMqttApplicationMessage(published) { SenderClientId = daemonClientId });
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The refusal itself stands and is logged; only its announcement is lost.
            LogRefusalNotAnnounced(logger, UntrustedText.Excerpt(refusedTopic), ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT login refused for user {UserName} from {Endpoint}")]
    private static partial void LogLoginRefused(ILogger logger, string userName, string endpoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT client id {ClientId} refused to user {UserName}: reserved or held by another account")]
    private static partial void LogClientIdRefused(ILogger logger, string clientId, string userName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a publish on {Topic} from client {ClientId} (user {UserName})")]
    private static partial void LogPublishRefused(ILogger logger, string topic, string clientId, string userName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a subscription to {Filter} from client {ClientId} (user {UserName})")]
    private static partial void LogSubscriptionRefused(ILogger logger, string filter, string clientId, string userName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The refusal of {Topic} could not be announced on the error topic: {Reason}")]
    private static partial void LogRefusalNotAnnounced(ILogger logger, string topic, string reason);
}
