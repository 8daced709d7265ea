using System.Diagnostics;
using Tmo.Edge.Core.Options;
using Tmo.Edge.Daemon.Tests.Mqtt;
using Tmo.Edge.Tests;

namespace Tmo.Edge.Daemon.Tests.Security;

/// <summary>
/// A real Mosquitto as a production site would run it for the daemon: TLS only (a certificate from a private CA the
/// test generates), no anonymous clients, a password file written by mosquitto_passwd, and the ACL the package ships
/// (packaging/mosquitto/tmo-edge.acl), which gives each account its part of the topic tree. Only the console account
/// may write `cmd/#`; Mosquitto logs what it denies.
/// </summary>
internal sealed class SecuredMosquitto : IAsyncDisposable
{
    private readonly MosquittoBroker _broker;
    private readonly DirectoryInfo _directory;

    private SecuredMosquitto(MosquittoBroker broker, DirectoryInfo directory, BrokerCertificates certificates, IReadOnlyDictionary<string, BrokerAccount> accounts)
    {
        _broker = broker;
        _directory = directory;
        Certificates = certificates;
        Accounts = accounts;
    }

    // The names the shipped ACL gives the daemon and the console.
    public const string DaemonUser = "tmo-edge-daemon";
    public const string ConsoleUser = "console";
    public const string DeviceUser = "kitchen-robot";

    /// <summary>Reads the whole tree, as a monitoring or audit tool would: sees everything anyone published.</summary>
    public const string AuditorUser = "auditor";

    public int Port => _broker.Port;

    public BrokerCertificates Certificates { get; }

    public IReadOnlyDictionary<string, BrokerAccount> Accounts { get; }

    /// <summary>Mosquitto's own log (it says there what it refused).</summary>
    public string Output => _broker.Output;

    /// <param name="certificateHost">The one host name in the broker's certificate; null: 127.0.0.1 and localhost.</param>
    public static async Task<SecuredMosquitto> StartAsync(string deviceId, string? certificateHost = null)
    {
        var directory = Directory.CreateTempSubdirectory("tmo-secured-broker-");
        try
        {
            var certificates = BrokerCertificates.Create(directory.FullName, "site", certificateHost);
            var accounts = new[] { DaemonUser, ConsoleUser, DeviceUser, AuditorUser }
                .ToDictionary(user => user, user => NewAccount(directory.FullName, user));
            var passwords = Path.Combine(directory.FullName, "passwords");
            foreach (var account in accounts.Values)
            {
                await RunAsync("mosquitto_passwd", File.Exists(passwords) ? ["-b", passwords, account.User, account.Password] : ["-c", "-b", passwords, account.User, account.Password]);
            }

            var acl = Path.Combine(directory.FullName, "acl");
            await File.WriteAllTextAsync(acl, Acl());
            var broker = await MosquittoBroker.StartNewAsync($"""
                certfile {certificates.CertificateFile}
                keyfile {certificates.KeyFile}
                allow_anonymous false
                password_file {passwords}
                acl_file {acl}
                log_type debug
                """);
            return new SecuredMosquitto(broker, directory, certificates, accounts);
        }
        catch
        {
            directory.Delete(recursive: true);
            throw;
        }
    }

    /// <summary>The broker settings one account connects with: TLS checked against the site CA, the password from its file.</summary>
    public MqttOptions OptionsFor(string user) => new()
    {
        Host = "127.0.0.1",
        Port = Port,
        UseTls = true,
        CaCertificateFile = Certificates.CaFile,
        Username = user,
        PasswordFile = Accounts[user].PasswordFile,
        ReconnectInitialSeconds = 0.1,
        ReconnectMaxSeconds = 1,
    };

    /// <summary>The daemon's Tmo:Mqtt settings for this broker, as configuration keys.</summary>
    public Dictionary<string, string?> DaemonSettings() => new()
    {
        ["Tmo:Mqtt:Host"] = "127.0.0.1",
        ["Tmo:Mqtt:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Tmo:Mqtt:UseTls"] = "true",
        ["Tmo:Mqtt:CaCertificateFile"] = Certificates.CaFile,
        ["Tmo:Mqtt:Username"] = DaemonUser,
        ["Tmo:Mqtt:PasswordFile"] = Accounts[DaemonUser].PasswordFile,
        ["Tmo:Mqtt:ConsoleUsername"] = ConsoleUser,
    };

    public async ValueTask DisposeAsync()
    {
        await _broker.DisposeAsync();
        _directory.Delete(recursive: true);
    }

    /// <summary>The shipped ACL, plus an auditor that reads the whole tree (as a monitoring tool would).</summary>
    private static string Acl() =>
        File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "packaging", "mosquitto", "tmo-edge.acl")) + $"""

        user {AuditorUser}
        topic read #

        """;

    private static BrokerAccount NewAccount(string directory, string user)
    {
        // Recognisable in any dump: the scan looks for it byte for byte.
        var password = $"mqtt-secret-{user}-{Guid.NewGuid():N}";
        var file = Path.Combine(directory, $"{user}.password");
        File.WriteAllText(file, password + "\n");
        return new BrokerAccount(user, password, file);
    }

    private static async Task RunAsync(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} failed ({process.ExitCode}): {error}");
        }
    }
}
