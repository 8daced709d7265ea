using MQTTnet;
using MQTTnet.Formatter;
using Tmo.Edge.Core.Messaging;

namespace Tmo.Edge.Console.BrowserTests.Security;

/// <summary>
/// Mosquitto as a site runs it for the console: TLS with a private CA, no anonymous clients, accounts in a password
/// file, and an ACL (the console writes `cmd/#` and reads the daemon's tree; the auditor reads everything).
/// </summary>
internal static class SecuredConsoleBroker
{
    public const string ConsoleUser = "tmo-console";
    public const string DaemonUser = "tmo-daemon";
    public const string AuditorUser = "auditor";

    public static Task<Mosquitto> StartAsync(string deviceId) => Mosquitto.StartNewAsync(new MosquittoSettings
    {
        Tls = true,
        Accounts = [ConsoleUser, DaemonUser, AuditorUser],
        Acl = $"""
            user {ConsoleUser}
            topic write tmo/{deviceId}/cmd/#
            topic read tmo/{deviceId}/#

            user {DaemonUser}
            topic read tmo/{deviceId}/cmd/#
            topic write tmo/{deviceId}/#

            user {AuditorUser}
            topic read #

            """,
    });

    /// <summary>One account on the secured broker (TLS checked against the site CA), subscribed to <paramref name="subscription"/>.</summary>
    public static async Task<DeviceClient> ConnectAsync(Mosquitto broker, string deviceId, string user, string subscription)
    {
        var options = new MqttClientOptionsBuilder()
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId($"{user}-{Guid.NewGuid():N}")
            .WithTcpServer("127.0.0.1", broker.Port)
            .WithTlsOptions(tls => tls.UseTls().WithTargetHost("127.0.0.1").WithTrustChain(BrokerCertificateAuthority.Load(broker.Certificates.CaFile)))
            .WithCredentials(user, broker.Accounts[user].Password)
            .Build();
        var client = await DeviceClient.ConnectAsync(options, deviceId, deviceAccount: null);
        await client.SubscribeAsync(subscription);
        return client;
    }
}
