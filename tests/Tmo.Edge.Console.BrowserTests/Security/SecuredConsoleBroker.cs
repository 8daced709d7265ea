using System.Diagnostics;
using Tmo.Edge.Daemon.Tests.Security;

namespace Tmo.Edge.Console.BrowserTests.Security;

/// <summary>
/// Mosquitto as a site runs it for the console: TLS with a private CA, no anonymous clients, accounts in a password
/// file, and an ACL (the console writes `cmd/#` and reads the daemon's tree; the auditor reads everything).
/// </summary>
internal sealed class SecuredConsoleBroker : IAsyncDisposable
{
    public const string ConsoleUser = "tmo-console";
    public const string DaemonUser = "tmo-daemon";
    public const string AuditorUser = "auditor";

    private readonly Mosquitto _broker;
    private readonly DirectoryInfo _directory;

    private SecuredConsoleBroker(Mosquitto broker, DirectoryInfo directory, BrokerCertificates certificates, Dictionary<string, (string Password, string File)> accounts)
    {
        _broker = broker;
        _directory = directory;
        Certificates = certificates;
        Accounts = accounts;
    }

    public int Port => _broker.Port;

    public BrokerCertificates Certificates { get; }

    public IReadOnlyDictionary<string, (string Password, string File)> Accounts { get; }

    public static async Task<SecuredConsoleBroker> StartAsync(string deviceId)
    {
        var directory = Directory.CreateTempSubdirectory("tmo-console-secured-broker-");
        var certificates = BrokerCertificates.Create(directory.FullName, "site");
        var accounts = new Dictionary<string, (string Password, string File)>();
        var passwords = Path.Combine(directory.FullName, "passwords");
        foreach (var user in new[] { ConsoleUser, DaemonUser, AuditorUser })
        {
            var password = $"mqtt-secret-{user}-{Guid.NewGuid():N}";
            var file = Path.Combine(directory.FullName, $"{user}.password");
            await File.WriteAllTextAsync(file, password + "\n");
            accounts[user] = (password, file);
            await RunAsync("mosquitto_passwd", accounts.Count == 1 ? ["-c", "-b", passwords, user, password] : ["-b", passwords, user, password]);
        }

        var prefix = $"tmo/{deviceId}";
        var acl = Path.Combine(directory.FullName, "acl");
        await File.WriteAllTextAsync(acl, $"""
            user {ConsoleUser}
            topic write {prefix}/cmd/#
            topic read {prefix}/#

            user {DaemonUser}
            topic read {prefix}/cmd/#
            topic write {prefix}/#

            user {AuditorUser}
            topic read #

            """);
        var broker = await Mosquitto.StartAsync($"""
            certfile {certificates.CertificateFile}
            keyfile {certificates.KeyFile}
            allow_anonymous false
            password_file {passwords}
            acl_file {acl}
            """);
        return new SecuredConsoleBroker(broker, directory, certificates, accounts);
    }

    public async ValueTask DisposeAsync()
    {
        await _broker.DisposeAsync();
        _directory.Delete(recursive: true);
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
