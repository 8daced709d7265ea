using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tmo.Edge.Core.Options;
using Microsoft.Extensions.Logging;
using Tmo.Edge.Daemon.Mqtt;
using Tmo.Edge.Daemon.Mqtt.Access;
using Tmo.Edge.Data;

namespace Tmo.Edge.Daemon.Tests.Mqtt;

/// <summary>A broker on a loopback port that the daemon and the test's own clients connect to.</summary>
internal interface IBrokerUnderTest : IAsyncDisposable
{
    int Port { get; }

    string Name { get; }

    /// <summary>The settings a daemon transport logs in to this broker with (as itself, where the broker tells them apart).</summary>
    IReadOnlyDictionary<string, string?> DaemonLogin { get; }
}

public enum BrokerKind
{
    Embedded,
    Mosquitto,
}

internal static class Brokers
{
    public const string ConsoleUser = "console";

    /// <param name="deviceId">The daemon whose `cmd/*` the embedded broker reserves for <see cref="ConsoleUser"/>.</param>
    public static async Task<IBrokerUnderTest> StartAsync(BrokerKind kind, string deviceId) => kind switch
    {
        BrokerKind.Embedded => await EmbeddedBrokerUnderTest.StartNewAsync(deviceId),
        BrokerKind.Mosquitto => new MosquittoUnderTest(await Mosquitto.StartNewAsync(new() { Persistent = true })),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}

/// <summary>A <see cref="Mosquitto"/> that lets anyone in; the daemon needs no login of its own.</summary>
internal sealed class MosquittoUnderTest(Mosquitto broker) : IBrokerUnderTest
{
    public int Port => broker.Port;

    public string Name => "mosquitto";

    public IReadOnlyDictionary<string, string?> DaemonLogin { get; } = new Dictionary<string, string?>();

    public ValueTask DisposeAsync() => broker.DisposeAsync();
}

/// <summary>
/// The daemon's <see cref="EmbeddedBroker"/> on its own, outside the daemon's host, so that tests can stop and
/// restart the daemon's connection while the broker (and the sessions it holds in memory) lives on. With no daemon
/// behind it, it takes nothing in-process: the daemon connects to it as to an external broker, over its client.
/// </summary>
internal sealed class EmbeddedBrokerUnderTest : IBrokerUnderTest
{
    private readonly EmbeddedBroker _broker;

    private EmbeddedBrokerUnderTest(EmbeddedBroker broker, int port, IReadOnlyDictionary<string, string?> daemonLogin)
    {
        _broker = broker;
        Port = port;
        DaemonLogin = daemonLogin;
    }

    public int Port { get; }

    public string Name => "embedded";

    public IReadOnlyDictionary<string, string?> DaemonLogin { get; }

    public EmbeddedBroker Broker => _broker;

    /// <summary>
    /// Starts a broker with the <see cref="TestLogins"/> accounts. A daemon transport on a host of its own logs in with the
    /// broker's in-memory daemon login (written to a file for it) and client id <paramref name="daemonClientId"/>.
    /// </summary>
    /// <param name="configure">Changes to the broker's options (its limits) before it starts.</param>
    public static async Task<EmbeddedBrokerUnderTest> StartNewAsync(
        string deviceId,
        Action<MqttOptions>? configure = null,
        string? daemonClientId = null,
        ILogger<EmbeddedBroker>? logger = null,
        string? accountsFile = null)
    {
        var port = FreePort.Next();
        daemonClientId ??= $"tmo-edge-{deviceId}";
        var options = new MqttOptions
        {
            EmbeddedAddress = "127.0.0.1",
            EmbeddedPort = port,
            ConsoleUsername = Brokers.ConsoleUser,
            ClientId = daemonClientId,
            AccountsFile = accountsFile ?? TestLogins.AccountsFile,
        };
        configure?.Invoke(options);
        var login = new EmbeddedBrokerLogin();
        var data = Directory.CreateTempSubdirectory("tmo-broker-").FullName;
        var broker = new EmbeddedBroker(
            Options.Create(options),
            Options.Create(new DaemonIdentityOptions { DeviceId = deviceId }),
            Options.Create(new StorageOptions { DataDirectory = data }),
            login,
            ingress: null,
            TimeProvider.System,
            logger ?? NullLogger<EmbeddedBroker>.Instance);
        await broker.StartingAsync(CancellationToken.None);
        var passwordFile = Path.Join(data, "daemon-login");
        await File.WriteAllTextAsync(passwordFile, login.Password);
        return new EmbeddedBrokerUnderTest(broker, port, new Dictionary<string, string?>
        {
            ["Tmo:Mqtt:Username"] = EmbeddedBrokerLogin.UserName,
            ["Tmo:Mqtt:PasswordFile"] = passwordFile,
            ["Tmo:Mqtt:ClientId"] = daemonClientId,
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _broker.StoppedAsync(CancellationToken.None);
        _broker.Dispose();
    }
}
