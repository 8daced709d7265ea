using MQTTnet;
using Tmo.Edge.Core.Options;
using Tmo.Edge.Daemon.Mqtt;
using Tmo.Edge.Daemon.Tests.Security;

namespace Tmo.Edge.Daemon.Tests.Mqtt;

/// <summary>The ways the daemon tests put a <see cref="DeviceClient"/> on the bus.</summary>
internal static class Devices
{
    /// <summary>
    /// Logs in as <paramref name="account"/> (a <see cref="TestLogins"/> one; the first device by default), subscribes to
    /// what the daemon says to it and waits until the daemon's retained status says online, as a device should before it sends.
    /// </summary>
    /// <param name="persistentSession">
    /// Keep the session (and its subscriptions) across reconnections, with the broker queueing what the daemon says
    /// meanwhile: a device that reconnects to deliver a prompt again.
    /// </param>
    public static async Task<DeviceClient> ConnectAsync(int port, string deviceId, string account = TestLogins.Device, bool persistentSession = false)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithClientId($"device-{Guid.NewGuid():N}")
            .WithCredentials(account, TestLogins.PasswordOf(account));
        if (persistentSession)
        {
            builder.WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500).WithCleanStart(false).WithSessionExpiryInterval(3600);
        }

        var options = builder.Build();
        var device = await DeviceClient.ConnectAsync(options, deviceId, account);
        try
        {
            await device.WaitForDaemonAsync();
            return device;
        }
        catch
        {
            await device.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Another client on the bus (a device, the console, an observer) that speaks in absolute topics, built with the
    /// daemon's own options factory.
    /// </summary>
    /// <param name="username">A <see cref="TestLogins"/> account (its password is known), by default the first device.</param>
    public static Task<DeviceClient> ConnectBareAsync(int port, string clientId, string? username = null, bool persistentSession = false)
    {
        username ??= TestLogins.Device;
        var options = new MqttOptions { Host = "127.0.0.1", Port = port, Username = username, PasswordFile = TestLogins.PasswordFile(username) };
        return DeviceClient.ConnectAsync(MqttClientOptionsFactory.Create(options, clientId, persistentSession), deviceId: null, deviceAccount: null);
    }

    /// <summary>
    /// Logs in with <paramref name="options"/> through the daemon's own options factory (so TLS is checked against
    /// the configured CA exactly as the daemon does it) and subscribes to <paramref name="relativeFilters"/> ("#": everything).
    /// </summary>
    public static async Task<DeviceClient> ConnectAsync(MqttOptions options, string deviceId, params string[] relativeFilters)
    {
        var device = options.Username == SecuredMosquitto.DeviceUser ? options.Username : null;
        var client = await DeviceClient.ConnectAsync(
            MqttClientOptionsFactory.Create(options, $"{options.Username}-{Guid.NewGuid():N}", persistentSession: false), deviceId, device);
        await client.SubscribeAsync([.. relativeFilters.Select(filter => filter == "#" ? "#" : client.Absolute(filter))]);
        return client;
    }
}
