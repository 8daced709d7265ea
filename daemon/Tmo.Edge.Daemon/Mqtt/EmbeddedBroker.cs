using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet.Server;
using Tmo.Edge.Core.Options;

namespace Tmo.Edge.Daemon.Mqtt;

/// <summary>
/// The MQTT broker the daemon runs itself when no external one is configured (MqttOptions.Host empty), so a fresh
/// machine works with nothing installed. Listens on EmbeddedAddress:EmbeddedPort only (loopback by default), keeps
/// persistent sessions and retained messages in memory for as long as the daemon runs, and enforces the console-only
/// rule for `cmd/*`. Registered before <see cref="MqttConnection"/> so that it is listening before the daemon connects
/// and stops after the daemon has said `offline`.
/// </summary>
public sealed class EmbeddedBroker(
    IOptions<MqttOptions> options,
    IOptions<DaemonIdentityOptions> identity,
    TimeProvider time,
    ILogger<EmbeddedBroker> logger)
    : IHostedService, IDisposable
{
    /// <summary>QoS 1 messages queued per client before the oldest is dropped (MQTTnet's default is 1000).</summary>
    public const int MaxQueuedMessagesPerClient = 10_000;

    /// <summary>
    /// How long a stop waits for connected clients to receive and acknowledge what is queued for them, above all the
    /// daemon's own `offline`: its PUBACK only means the broker queued it, and stopping drops whatever is in transit.
    /// </summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan DrainPollInterval = TimeSpan.FromMilliseconds(10);

    private readonly UnacknowledgedDeliveries _unacknowledged = new();
    private MqttServer? _server;

    public bool IsRunning => _server?.IsStarted == true;

    /// <summary>What the broker holds for each client, capped at Tmo:Mqtt:MaxQueuedBytesPerClient; null until started.</summary>
    internal QueuedBytesCap? QueuedBytes { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.UsesEmbeddedBroker)
        {
            logger.BrokerNotUsed();
            return;
        }

        if (!IPAddress.TryParse(settings.EmbeddedAddress, out var address))
        {
            throw new InvalidOperationException($"{MqttOptions.Section}:EmbeddedAddress '{settings.EmbeddedAddress}' is not an IP address.");
        }

        var builder = new MqttServerOptionsBuilder()
            .WithPersistentSessions()
            .WithMaxPendingMessagesPerClient(MaxQueuedMessagesPerClient);
        // Our listener, not MQTTnet's: it refuses an oversize packet before MQTTnet buffers it.
        var listener = new SizeLimitedTcpServerAdapter(new IPEndPoint(address, settings.EmbeddedPort), settings.MaxPacketBytes, logger);
        var server = new MqttServerFactory().CreateMqttServer(builder.Build(), [listener], new MqttNetLogBridge(logger));
        SizeLimitedTcpServerAdapter.Advertise(server, settings.MaxPacketBytes);
        QueuedBytes = new QueuedBytesCap(settings.MaxQueuedBytesPerClient, logger);
        QueuedBytes.Attach(server);
        var commandAccess = new CommandAccessControl(
            identity.Value.Topics, settings.ConsoleUsername, message => server.InjectApplicationMessage(message), time, logger);
        server.InterceptingPublishAsync += commandAccess.InterceptAsync;
        _unacknowledged.Attach(server);
        server.QueuedApplicationMessageOverwrittenAsync += args =>
        {
            logger.QueuedMessageDropped(Ingress.UntrustedText.Excerpt(args.ReceiverClientId, 64));
            return Task.CompletedTask;
        };

        try
        {
            await server.StartAsync();
        }
        catch
        {
            server.Dispose();
            throw;
        }

        _server = server;
        logger.BrokerStarted(settings.EmbeddedAddress, settings.EmbeddedPort);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not { } server)
        {
            return;
        }

        _server = null;
        try
        {
            await DrainAsync(server, cancellationToken);
            await server.StopAsync();
        }
        finally
        {
            server.Dispose();
        }

        logger.BrokerStopped();
    }

    public void Dispose()
    {
        _server?.Dispose();
        _server = null;
    }

    private async Task DrainAsync(MqttServer server, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        while (time.GetElapsedTime(started) < DrainTimeout)
        {
            var clients = await server.GetClientsAsync();
            if (_unacknowledged.IsEmpty && clients.All(client => client.Session.PendingApplicationMessagesCount == 0))
            {
                return;
            }

            try
            {
                await Task.Delay(DrainPollInterval, time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
