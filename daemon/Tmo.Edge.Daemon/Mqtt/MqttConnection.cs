using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;
using Tmo.Edge.Core.Messaging;
using Tmo.Edge.Core.Options;
using Tmo.Edge.Daemon.Ingress;
using Tmo.Edge.Daemon.Mqtt.Access;

namespace Tmo.Edge.Daemon.Mqtt;

/// <summary>
/// The daemon's one MQTT client. Holds a persistent MQTT 5 session (fixed client id, CleanStart=false, long session
/// expiry) so that prompts published while the daemon is away are queued by the broker; after every (re)connection
/// (re)subscribes at QoS 1, announces retained `online` and writes each message into the <see cref="InboundChannel"/>,
/// in arrival order, acknowledging it only once its receipt says it is recorded. When recording fails, that message and the ones
/// behind it stay unacknowledged and, after a backoff waited out still connected, the connection is restarted so the
/// broker delivers them again. Reconnects forever with seeded, jittered exponential backoff; says `offline` (retained)
/// when stopped, and leaves the same as its last will when the connection dies. On the daemon's own embedded broker
/// messages go both ways in-process (<see cref="EmbeddedIngress"/>, <see cref="EmbeddedBroker.TryPublishAsync"/>):
/// the connection subscribes to nothing and is there for the last will.
/// </summary>
public sealed partial class MqttConnection : BackgroundService, IMessagePublisher
{
    public const string Online = "online";
    public const string Offline = "offline";

    private const string SinkFailedReason = "the inbound sink failed; restarting the session for redelivery";

    private readonly MqttOptions _options;
    private readonly TopicLayout _topics;
    private readonly InboundChannel _inbound;
    private readonly EmbeddedBrokerLogin _embeddedLogin;
    private readonly EmbeddedBroker _embeddedBroker;
    private readonly MqttTrafficCounters _counters;
    private readonly TimeProvider _time;
    private readonly ILogger<MqttConnection> _logger;
    private readonly IMqttClient _client;
    private readonly string _endpoint;

    private volatile TaskCompletionSource<ConnectionEnd> _connectionEnded = NewConnectionEnded();
    private volatile bool _awaitingRedelivery;
    private volatile bool _acceptedSinceConnect;
    private int _generation;
    private volatile InboundSession _session;
    private CancellationToken _stopping;

    public MqttConnection(
        IOptions<MqttOptions> options,
        IOptions<DaemonIdentityOptions> identity,
        InboundChannel inbound,
        EmbeddedBrokerLogin embeddedLogin,
        EmbeddedBroker embeddedBroker,
        MqttTrafficCounters counters,
        TimeProvider time,
        ILogger<MqttConnection> logger)
    {
        _options = options.Value;
        _topics = identity.Value.Topics;
        _inbound = inbound;
        _session = inbound.OpenSession();
        _embeddedLogin = embeddedLogin;
        _embeddedBroker = embeddedBroker;
        _counters = counters;
        _time = time;
        _logger = logger;
        _endpoint = _options.UsesEmbeddedBroker
            ? $"{_options.EmbeddedAddress}:{_options.EmbeddedPort} (embedded)"
            : $"{_options.Host}:{_options.Port}{(_options.UseTls ? " (TLS)" : "")}";
        _client = new MqttClientFactory().CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += OnMessageReceivedAsync;
        _client.DisconnectedAsync += OnDisconnectedAsync;
    }

    public override void Dispose()
    {
        base.Dispose();
        _client.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        var will = new MqttLastWill(_topics.Absolute(TopicLayout.Status), Offline, Retain: true);
        var clientOptions = MqttClientOptionsFactory.Create(_options, _options.ClientId, persistentSession: true, will);
        if (_options.UsesEmbeddedBroker)
        {
            // On its own broker the daemon logs in with the in-memory login no other process can know.
            clientOptions.Credentials = _embeddedLogin.Credentials;
        }

        var backoff = new ReconnectBackoff(
            TimeSpan.FromSeconds(_options.ReconnectInitialSeconds),
            TimeSpan.FromSeconds(_options.ReconnectMaxSeconds),
            ReconnectBackoff.SeedFrom(_options.ClientId));
        var everConnected = false;

        while (!stoppingToken.IsCancellationRequested)
        {
            ConnectionEnd end;
            try
            {
                // A new connection: a handler still busy with a message of the previous one leaves these alone.
                _session = _inbound.OpenSession();
                Interlocked.Increment(ref _generation);
                _awaitingRedelivery = false;
                _acceptedSinceConnect = false;
                _connectionEnded = NewConnectionEnded();

                var sessionPresent = await ConnectAsync(clientOptions, stoppingToken);
                if (everConnected)
                {
                    _counters.CountReconnect();
                }

                everConnected = true;
                _counters.SetConnected(true);
                _logger.Connected(_endpoint, _options.ClientId, sessionPresent);
                end = await WaitForEndAsync(stoppingToken);
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                // MQTTnet reports a connect cancelled by shutdown as a timeout; either way the daemon is stopping.
                break;
            }
            catch (Exception exception)
            {
                _counters.SetConnected(false);
                await DisconnectQuietlyAsync();
                var retry = backoff.Next();
                _logger.ConnectFailed(_endpoint, backoff.Failures, Describe(exception), retry.TotalSeconds);
                if (!await DelayAsync(retry, stoppingToken))
                {
                    break;
                }

                continue;
            }

            // A connection that worked starts the schedule over; a sink that fails again on the same redelivered
            // message does not, or a broken store would have the daemon reconnect at the initial delay forever.
            if (!end.SinkFailed || _acceptedSinceConnect)
            {
                backoff.Reset();
            }

            var delay = backoff.Next();
            _logger.ConnectionEnded(_endpoint, end.Reason, delay.TotalSeconds);
            if (end.SinkFailed)
            {
                // The link itself is fine: wait out the backoff still connected, so that health reports (which say
                // why the sink fails), answers already recorded and errors go out, while the broker holds the
                // unacknowledged messages. Disconnected for the wait, a store that stays broken would keep the
                // daemon off the bus nearly all the time, each redelivery failing within milliseconds of connecting.
                if (!await DelayAsync(delay, stoppingToken))
                {
                    // Still connected: stopping says `offline` and disconnects below.
                    break;
                }

                _counters.SetConnected(false);
                await DisconnectQuietlyAsync();
                continue;
            }

            _counters.SetConnected(false);
            await DisconnectQuietlyAsync();
            if (!await DelayAsync(delay, stoppingToken))
            {
                break;
            }
        }

        _counters.SetConnected(false);
        await SayOfflineAndDisconnectAsync();
    }

    private async Task<bool> ConnectAsync(MqttClientOptions clientOptions, CancellationToken stoppingToken)
    {
        using var timeout = new CancellationTokenSource(MqttClientOptionsFactory.CommunicationTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);

        var result = await _client.ConnectAsync(clientOptions, linked.Token);
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new InvalidOperationException($"the broker refused the connection: {result.ResultCode} {result.ReasonString}".TrimEnd() + CredentialsHint(result.ResultCode));
        }

        if (!_options.UsesEmbeddedBroker)
        {
            // On its own broker the daemon takes its messages in-process (EmbeddedIngress) and subscribes to nothing.
            await SubscribeAsync(linked.Token);
        }

        // Subscribed first, so that `online` means ready: a first-ever session has no subscriptions to carry over.
        await PublishCoreAsync(_topics.Absolute(TopicLayout.Status), Encoding.UTF8.GetBytes(Online), retain: true, linked.Token);

        return result.IsSessionPresent;
    }

    private async Task SubscribeAsync(CancellationToken cancellationToken)
    {
        var subscribe = new MqttClientSubscribeOptionsBuilder();
        foreach (var filter in _topics.Subscriptions)
        {
            subscribe.WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce);
        }

        var subscribed = await _client.SubscribeAsync(subscribe.Build(), cancellationToken);
        foreach (var item in subscribed.Items)
        {
            if (item.ResultCode > MqttClientSubscribeResultCode.GrantedQoS2)
            {
                throw new InvalidOperationException($"the broker refused the subscription to {item.TopicFilter.Topic}: {item.ResultCode}");
            }
        }
    }

    private async Task<ConnectionEnd> WaitForEndAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            var end = await _connectionEnded.Task.WaitAsync(stoppingToken);
            if (end.SinkFailed)
            {
                return end;
            }

            // MQTTnet raises DisconnectedAsync on a background task, so the event may belong to an earlier connection.
            // Arm a fresh signal before looking, so that a loss happening right now is not missed.
            _connectionEnded = NewConnectionEnded();
            if (_awaitingRedelivery)
            {
                return new ConnectionEnd(SinkFailedReason, SinkFailed: true);
            }

            if (!_client.IsConnected)
            {
                return end;
            }
        }
    }

    private async Task SayOfflineAndDisconnectAsync()
    {
        if (!_client.IsConnected)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(MqttClientOptionsFactory.CommunicationTimeout, _time);
            // Its PUBACK also tells that the broker has read the acknowledgements sent before it (see DisconnectQuietlyAsync).
            await PublishCoreAsync(_topics.Absolute(TopicLayout.Status), Encoding.UTF8.GetBytes(Offline), retain: true, timeout.Token);
            // A normal DISCONNECT: the broker discards the will and keeps the session (its expiry is the CONNECT's).
            await _client.DisconnectAsync(NormalDisconnect, timeout.Token);
            _logger.Disconnected(_endpoint);
        }
        catch (Exception exception)
        {
            _logger.GracefulDisconnectFailed(_endpoint, Describe(exception));
        }
    }

    private async Task DisconnectQuietlyAsync()
    {
        if (!_client.IsConnected)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(MqttClientOptionsFactory.CommunicationTimeout, _time);
            // Closing a socket that still has unread messages in it resets the connection, and a broker that meets
            // the reset while writing to us (Mosquitto does) drops what it has not read yet: the acknowledgements of
            // messages the sink accepted, which it would then deliver twice. It answers a PINGREQ only after reading
            // everything sent before it.
            await _client.PingAsync(timeout.Token);
            await _client.DisconnectAsync(NormalDisconnect, timeout.Token);
        }
        catch (Exception exception)
        {
            _logger.DisconnectFailed(_endpoint, exception);
        }
    }

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, _time, stoppingToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Names the account and where its password comes from (never the password) when the broker refused the login.</summary>
    private string CredentialsHint(MqttClientConnectResultCode code) =>
        code is MqttClientConnectResultCode.NotAuthorized or MqttClientConnectResultCode.BadUserNameOrPassword
            ? string.IsNullOrEmpty(_options.Username)
                ? $" (connected without a user name: set {MqttOptions.Section}:Username and PasswordFile)"
                : $" (user '{_options.Username}', password from {MqttOptions.Section}:PasswordFile{(string.IsNullOrEmpty(_options.PasswordFile) ? ", which is not set" : $" '{_options.PasswordFile}'")})"
            : "";

    private static MqttClientDisconnectOptions NormalDisconnect =>
        new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build();

    private static string Describe(Exception exception) => exception switch
    {
        OperationCanceledException => $"no answer within {MqttClientOptionsFactory.CommunicationTimeout.TotalSeconds:0} s",
        { InnerException: { } inner } => $"{exception.Message} ({inner.Message})",
        _ => exception.Message,
    };

    private static TaskCompletionSource<ConnectionEnd> NewConnectionEnded() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed record ConnectionEnd(string Reason, bool SinkFailed);
}
