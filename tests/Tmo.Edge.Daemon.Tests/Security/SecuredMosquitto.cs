using Tmo.Edge.Core.Options;

namespace Tmo.Edge.Daemon.Tests.Security;

/// <summary>
/// A real Mosquitto as a production site would run it for the daemon: TLS only (a certificate from a private CA the
/// test generates), no anonymous clients, a password file written by mosquitto_passwd, and the ACL the package ships
/// (packaging/mosquitto/tmo-edge.acl), which gives each account its part of the topic tree. Only the console account
/// may write `cmd/#`; Mosquitto logs what it denies.
/// </summary>
internal static class SecuredMosquitto
{
    // The names the shipped ACL gives the daemon and the console.
    public const string DaemonUser = "tmo-edge-daemon";
    public const string ConsoleUser = "console";
    public const string DeviceUser = "kitchen-robot";

    /// <summary>Reads the whole tree, as a monitoring or audit tool would: sees everything anyone published.</summary>
    public const string AuditorUser = "auditor";

    /// <param name="certificateHost">The one host name in the broker's certificate; null: 127.0.0.1 and localhost.</param>
    public static Task<Mosquitto> StartAsync(string? certificateHost = null) => Mosquitto.StartNewAsync(new MosquittoSettings
    {
        Persistent = true,
        Tls = true,
        CertificateHost = certificateHost,
        Accounts = [DaemonUser, ConsoleUser, DeviceUser, AuditorUser],
        Acl = Acl(),
    });

    /// <summary>The broker settings one account connects with: TLS checked against the site CA, the password from its file.</summary>
    public static MqttOptions OptionsFor(this Mosquitto broker, string user) => new()
    {
        Host = "127.0.0.1",
        Port = broker.Port,
        UseTls = true,
        CaCertificateFile = broker.Certificates.CaFile,
        Username = user,
        PasswordFile = broker.Accounts[user].PasswordFile,
        ReconnectInitialSeconds = 0.1,
        ReconnectMaxSeconds = 1,
    };

    /// <summary>The daemon's Tmo:Mqtt settings for this broker, as configuration keys.</summary>
    public static Dictionary<string, string?> DaemonSettings(this Mosquitto broker) => new()
    {
        ["Tmo:Mqtt:Host"] = "127.0.0.1",
        ["Tmo:Mqtt:Port"] = broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Tmo:Mqtt:UseTls"] = "true",
        ["Tmo:Mqtt:CaCertificateFile"] = broker.Certificates.CaFile,
        ["Tmo:Mqtt:Username"] = DaemonUser,
        ["Tmo:Mqtt:PasswordFile"] = broker.Accounts[DaemonUser].PasswordFile,
        ["Tmo:Mqtt:ConsoleUsername"] = ConsoleUser,
    };

    /// <summary>The shipped ACL, plus an auditor that reads the whole tree (as a monitoring tool would).</summary>
    private static string Acl() =>
        File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "packaging", "mosquitto", "tmo-edge.acl")) + $"""

        user {AuditorUser}
        topic read #

        """;
}
