using System.Buffers;
using System.Text;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Tmo.Edge.Console.Hosting;
using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Core.Messaging;
using Tmo.Edge.Core.Options;
using Tmo.Edge.Data;

namespace Tmo.Edge.Console.Live;

/// <summary>
/// The console's MQTT client: subscribes to what the daemon publishes (status, decisions, telemetry, health, errors,
/// retraining progress) into <see cref="LiveState"/>, and sends `cmd/*` as the console's broker user, the only one
/// the daemon accepts commands from. A clean session: the live view needs only what happens from now on, and the
/// retained status and health bring it up to date at once. Reconnects every few seconds while the broker is away.
/// </summary>
public sealed partial class ConsoleBus(
    IOptions<MqttOptions> mqtt,
    IOptions<DaemonIdentityOptions> identity,
    IOptions<ConsoleOptions> options,
    IOptions<StorageOptions> storage,
    LiveState state,
    TimeProvider time,
    ILogger<ConsoleBus> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(3);

    private readonly TopicLayout _topics = identity.Value.Topics;
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();

    /// <summary>Publishes a command (QoS 1) under the daemon's prefix; throws when not connected or refused.</summary>
    public async Task SendCommandAsync(string relativeTopic, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (!_client.IsConnected)
        {
            throw new InvalidOperationException("The console is not connected to the MQTT broker; the daemon was not told.");
        }

        var message = new MqttApplicationMessageBuilder()
            .WithTopic(_topics.Absolute(relativeTopic))
            .WithPayloadSegment(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        var result = await _client.PublishAsync(message, cancellationToken);
        if (result.ReasonCode is not (MqttClientPublishReasonCode.Success or MqttClientPublishReasonCode.NoMatchingSubscribers))
        {
            throw new InvalidOperationException($"The broker refused {relativeTopic}: {result.ReasonCode} {result.ReasonString}".TrimEnd());
        }
    }

    public override void Dispose()
    {
        base.Dispose();
        _client.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _client.ApplicationMessageReceivedAsync += args =>
        {
            Receive(args.ApplicationMessage.Topic, args.ApplicationMessage.Payload.ToArray());
            return Task.CompletedTask;
        };

        var settings = mqtt.Value;
        var endpoint = settings.UsesEmbeddedBroker ? $"{settings.EmbeddedAddress}:{settings.EmbeddedPort}" : $"{settings.Host}:{settings.Port}";
        var wasConnected = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!_client.IsConnected)
                {
                    await ConnectAsync(settings, stoppingToken);
                    state.SetBrokerConnected(true);
                    LogConnected(logger, endpoint);
                    wasConnected = true;
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                state.SetBrokerConnected(false);
                if (wasConnected)
                {
                    LogConnectFailed(logger, endpoint, ex.Message);
                    wasConnected = false;
                }
            }

            try
            {
                await Task.Delay(RetryDelay, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            if (!_client.IsConnected)
            {
                state.SetBrokerConnected(false);
            }
        }

        if (_client.IsConnected)
        {
            await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), CancellationToken.None);
        }
    }

    private async Task ConnectAsync(MqttOptions settings, CancellationToken cancellationToken)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(options.Value.MqttClientId)
            .WithCleanStart(true)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(settings.KeepAliveSeconds))
            // MQTT 5: the broker must not send the console a larger packet (a camera frame it would only buffer).
            .WithMaximumPacketSize((uint)settings.MaxPacketBytes)
            .WithTimeout(TimeSpan.FromSeconds(10));
        if (settings.UsesEmbeddedBroker)
        {
            builder.WithTcpServer(settings.EmbeddedAddress, settings.EmbeddedPort);
        }
        else
        {
            builder.WithTcpServer(settings.Host, settings.Port);
            if (settings.UseTls)
            {
                var authority = string.IsNullOrEmpty(settings.CaCertificateFile) ? null : BrokerCertificateAuthority.Load(settings.CaCertificateFile);
                builder.WithTlsOptions(tls =>
                {
                    tls.UseTls().WithTargetHost(settings.Host);
                    if (authority is not null)
                    {
                        // A broker with a private CA: its chain must end at that CA, not at one of the system store.
                        tls.WithTrustChain(authority);
                    }
                });
            }
        }

        // On the daemon's embedded broker, with no login configured, the console logs in with the one the daemon
        // provisioned for it beside the database.
        var (userName, passwordFile) = string.IsNullOrEmpty(settings.Username) && settings.UsesEmbeddedBroker
            ? (settings.ConsoleUsername, MqttOptions.ConsolePasswordFilePath(storage.Value.DataDirectory))
            : (settings.Username, settings.PasswordFile);
        if (!string.IsNullOrEmpty(userName))
        {
            // Read at each connect so that a rotated credential file is picked up; never kept in options or logs.
            var password = string.IsNullOrEmpty(passwordFile) || !File.Exists(passwordFile) ? null : File.ReadAllText(passwordFile).TrimEnd('\r', '\n');
            builder.WithCredentials(userName, password);
        }

        var built = builder.Build();
        ((MqttClientTcpOptions)built.ChannelOptions).BufferSize = MqttOptions.ClientSocketBufferBytes;
        await _client.ConnectAsync(built, cancellationToken);
        var subscribe = new MqttClientSubscribeOptionsBuilder();
        foreach (var topic in new[] { TopicLayout.Status, TopicLayout.Decision, TopicLayout.Telemetry, TopicLayout.Error, TopicLayout.Health, TopicLayout.PolicyProgress })
        {
            subscribe.WithTopicFilter(_topics.Absolute(topic), MqttQualityOfServiceLevel.AtMostOnce);
        }

        await _client.SubscribeAsync(subscribe.Build(), cancellationToken);
    }

    internal void Receive(string topic, byte[] payload)
    {
        var now = time.GetUtcNow();
        switch (_topics.Relative(topic))
        {
            case TopicLayout.Status:
                state.SetStatus(Encoding.UTF8.GetString(payload) switch
                {
                    "online" => DeviceStatus.Online,
                    "offline" => DeviceStatus.Offline,
                    _ => DeviceStatus.Unknown,
                });
                break;
            case TopicLayout.Telemetry when TelemetrySnapshot.TryParse(payload, now) is { } snapshot:
                state.AddTelemetry(snapshot);
                break;
            case TopicLayout.Health when ContractJson.TryRead(payload, ContractJsonContext.Default.DaemonHealth) is { } health:
                state.SetHealth(health, now);
                break;
            // Every daemon writes the location beside the action ("none" when refused): a payload without it is no decision.
            case TopicLayout.Decision when ContractJson.TryRead(payload, ContractJsonContext.Default.DecisionPayload) is { Location: not null } decision:
                state.AddDecision(new LiveDecision(now, decision.DialogueId, decision.Turn, decision.Action, decision.Location, decision.PolicyVersion, decision.Views));
                break;
            case TopicLayout.Error:
                var error = ContractJson.TryRead(payload, ContractJsonContext.Default.ErrorMessage);
                state.AddError(new BusError(now, error?.Topic ?? "?", error?.Reason ?? Encoding.UTF8.GetString(payload)));
                break;
            case TopicLayout.PolicyProgress when payload.Length == 0:
                // The retained message was cleared: nothing to report.
                state.SetRetrain(null);
                break;
            case TopicLayout.PolicyProgress when RetrainProgress.TryParse(payload, now) is { } progress:
                state.SetRetrain(progress);
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Console connected to the MQTT broker {Endpoint}")]
    private static partial void LogConnected(ILogger logger, string endpoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Console cannot reach the MQTT broker {Endpoint}: {Reason}; retrying")]
    private static partial void LogConnectFailed(ILogger logger, string endpoint, string reason);
}
