using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Server;
using Tmo.Edge.Core.Options;
using Tmo.Edge.Daemon.Mqtt.Access;
using Tmo.Edge.Data;

namespace Tmo.Edge.Daemon.Mqtt;

/// <summary>
/// The MQTT broker the daemon runs itself when no external one is configured (MqttOptions.Host empty), so a fresh
/// machine works with nothing installed. Listens on EmbeddedAddress:EmbeddedPort only (loopback by default), keeps
/// persistent sessions and retained messages in memory for as long as the daemon runs, and is the perimeter
/// (docs/reliability.md): accounts from the password file (<see cref="BrokerAccounts"/>), the ACL of <see cref="BrokerAccessPolicy"/>.
/// What devices publish for the daemon goes from it into the daemon in-process (<see cref="EmbeddedIngress"/>; null
/// for a broker with no daemon behind it, as tests run one), and so does what the daemon publishes (<see cref="TryPublishAsync"/>).
/// A bind beyond loopback with no accounts refuses to start. It listens from the host's Starting phase to its Stopped
/// phase, so it is there before <see cref="MqttConnection"/> connects and until the daemon has said `offline`,
/// whatever the order the hosted services are registered in.
/// </summary>
public sealed partial class EmbeddedBroker(
    IOptions<MqttOptions> options,
    IOptions<DaemonIdentityOptions> identity,
    IOptions<StorageOptions> storage,
    EmbeddedBrokerLogin daemonLogin,
    EmbeddedIngress? ingress,
    TimeProvider time,
    ILogger<EmbeddedBroker> logger)
    : IHostedLifecycleService, IDisposable
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

    /// <summary>What the broker holds for each client, capped at Tmo:Mqtt:MaxQueuedBytesPerClient; null until started.</summary>
    internal QueuedBytesCap? QueuedBytes { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Starts listening, unless an external broker is configured.</summary>
    public async Task StartingAsync(CancellationToken cancellationToken)
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

        var accounts = new BrokerAccounts(settings.AccountsFilePath(storage.Value.DataDirectory), logger);
        await accounts.LoadAsync(cancellationToken);
        // The console's account alone lets no device in: a broker open to the network needs a device account too.
        if (accounts.Current().Names.All(name => name == settings.ConsoleUsername))
        {
            if (!IPAddress.IsLoopback(address))
            {
                throw new InvalidOperationException(
                    $"The embedded MQTT broker would listen on {settings.EmbeddedAddress}, beyond this machine, with no device accounts in {accounts.Path}: " +
                    "add one with `tmo-edge mqtt-user add NAME`, or bind to 127.0.0.1.");
            }

            LogNoAccounts(logger, accounts.Path);
        }

        if (settings.ConsoleUsername is { Length: > 0 } console && !accounts.Current().Contains(console))
        {
            await ProvisionConsoleLoginAsync(accounts, console, MqttOptions.ConsolePasswordFilePath(storage.Value.DataDirectory), cancellationToken);
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
        var topics = identity.Value.Topics;
        var access = new BrokerAccessControl(
            new BrokerAccessPolicy(topics), accounts, daemonLogin, settings.ClientId, settings.ConsoleUsername, topics,
            message => server.InjectApplicationMessage(message), time, logger);
        server.ValidatingConnectionAsync += access.ValidateConnectionAsync;
        server.InterceptingPublishAsync += access.InterceptPublishAsync;
        server.InterceptingSubscriptionAsync += access.InterceptSubscriptionAsync;
        server.SessionDeletedAsync += access.OnSessionDeletedAsync;
        ingress?.Attach(server);
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

    /// <summary>
    /// Publishes <paramref name="message"/> as the daemon's client would, in-process: done once the broker has queued it
    /// for its subscribers, which is what its acknowledgement to the client would have said. False when the broker is
    /// not running (an external one is configured, or it has stopped).
    /// </summary>
    internal async Task<bool> TryPublishAsync(MqttApplicationMessage message, CancellationToken cancellationToken)
    {
        if (_server is not { } server)
        {
            return false;
        }

        await server.InjectApplicationMessage(new InjectedMqttApplicationMessage(message) { SenderClientId = options.Value.ClientId }, cancellationToken);
        return true;
    }

    /// <summary>Stops listening once connected clients have taken what is queued for them (or <see cref="DrainTimeout"/> passed).</summary>
    public async Task StoppedAsync(CancellationToken cancellationToken)
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

    /// <summary>
    /// Gives the console's account a generated password, kept in a file beside the database that only the service
    /// group can read (the console is in it), so a fresh install's console connects with nothing to configure. An
    /// existing file's password is reused, so a removed account comes back with the password the console knows.
    /// </summary>
    private async Task ProvisionConsoleLoginAsync(BrokerAccounts accounts, string console, string passwordFile, CancellationToken cancellationToken)
    {
        if (!File.Exists(passwordFile))
        {
            var generated = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(passwordFile))!);
            await using var writer = new StreamWriter(new FileStream(passwordFile, options));
            await writer.WriteAsync(generated.AsMemory(), cancellationToken);
        }

        var password = (await File.ReadAllTextAsync(passwordFile, cancellationToken)).TrimEnd('\r', '\n');
        await accounts.Current().With(console, password).SaveAsync(accounts.Path, cancellationToken);
        await accounts.LoadAsync(cancellationToken);
        LogConsoleProvisioned(logger, console, passwordFile);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT account '{Account}' created for the console; its password is in {PasswordFile}")]
    private static partial void LogConsoleProvisioned(ILogger logger, string account, string passwordFile);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No MQTT accounts in {Path}: only the daemon can connect until one is added with `tmo-edge mqtt-user add NAME`")]
    private static partial void LogNoAccounts(ILogger logger, string path);

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
