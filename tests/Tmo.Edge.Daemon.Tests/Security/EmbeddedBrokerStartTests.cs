using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tmo.Edge.Core.Options;
using Tmo.Edge.Daemon.Mqtt;
using Tmo.Edge.Daemon.Mqtt.Access;
using Tmo.Edge.Daemon.Tests.Mqtt;
using Tmo.Edge.Data;

namespace Tmo.Edge.Daemon.Tests.Security;

/// <summary>What the embedded broker does at start with the accounts it finds.</summary>
public sealed class EmbeddedBrokerStartTests
{
    [Fact]
    public async Task A_bind_beyond_loopback_with_no_device_account_refuses_to_start_and_says_how_to_add_one()
    {
        var data = Directory.CreateTempSubdirectory("tmo-open-").FullName;
        var port = FreePort.Next();
        using var broker = Broker(data, "0.0.0.0", port);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => broker.StartingAsync(CancellationToken.None));

        Assert.Contains("beyond this machine", refused.Message, StringComparison.Ordinal);
        Assert.Contains("tmo-edge mqtt-user add NAME", refused.Message, StringComparison.Ordinal);
        using var probe = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => probe.ConnectAsync(IPAddress.Loopback, port));
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task On_loopback_it_starts_and_gives_the_console_an_account_whose_password_it_keeps_beside_the_database()
    {
        var data = Directory.CreateTempSubdirectory("tmo-fresh-").FullName;
        using var broker = Broker(data, "127.0.0.1");

        await broker.StartingAsync(CancellationToken.None);
        await broker.StoppedAsync(CancellationToken.None);

        var password = (await File.ReadAllTextAsync(MqttOptions.ConsolePasswordFilePath(data))).Trim();
        var accounts = await MqttPasswordFile.LoadAsync(Path.Join(data, "mqtt-accounts"), CancellationToken.None);
        Assert.Equal(["console"], accounts.Names);
        Assert.True(accounts.Verify("console", System.Text.Encoding.UTF8.GetBytes(password)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(MqttOptions.ConsolePasswordFilePath(data)));
    }

    private static EmbeddedBroker Broker(string data, string address, int? port = null) => new(
        Options.Create(new MqttOptions { EmbeddedAddress = address, EmbeddedPort = port ?? FreePort.Next() }),
        Options.Create(new DaemonIdentityOptions { DeviceId = "start" }),
        Options.Create(new StorageOptions { DataDirectory = data }),
        new EmbeddedBrokerLogin(),
        ingress: null,
        TimeProvider.System,
        NullLogger<EmbeddedBroker>.Instance);
}
