using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tmo.Edge.Core.Options;
using Tmo.Edge.Daemon.Mqtt;

namespace Tmo.Edge.Daemon.Tests.Mqtt;

/// <summary>A broker on a loopback port that the daemon and the test's own clients connect to.</summary>
internal interface IBrokerUnderTest : IAsyncDisposable
{
    int Port { get; }

    string Name { get; }
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
        BrokerKind.Mosquitto => await MosquittoBroker.StartNewAsync(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}

/// <summary>
/// The daemon's <see cref="EmbeddedBroker"/> on its own, outside the daemon's host, so that tests can stop and
/// restart the daemon's connection while the broker (and the sessions it holds in memory) lives on.
/// </summary>
internal sealed class EmbeddedBrokerUnderTest : IBrokerUnderTest
{
    private readonly EmbeddedBroker _broker;

    private EmbeddedBrokerUnderTest(EmbeddedBroker broker, int port)
    {
        _broker = broker;
        Port = port;
    }

    public int Port { get; }

    public string Name => "embedded";

    public EmbeddedBroker Broker => _broker;

    /// <param name="configure">Changes to the broker's options (its limits) before it starts.</param>
    public static async Task<EmbeddedBrokerUnderTest> StartNewAsync(string deviceId, Action<MqttOptions>? configure = null)
    {
        var port = FreePort.Next();
        var options = new MqttOptions { EmbeddedAddress = "127.0.0.1", EmbeddedPort = port, ConsoleUsername = Brokers.ConsoleUser };
        configure?.Invoke(options);
        var broker = new EmbeddedBroker(Options.Create(options), Options.Create(new DaemonIdentityOptions { DeviceId = deviceId }), TimeProvider.System, NullLogger<EmbeddedBroker>.Instance);
        await broker.StartAsync(CancellationToken.None);
        return new EmbeddedBrokerUnderTest(broker, port);
    }

    public async ValueTask DisposeAsync()
    {
        await _broker.StopAsync(CancellationToken.None);
        _broker.Dispose();
    }
}
