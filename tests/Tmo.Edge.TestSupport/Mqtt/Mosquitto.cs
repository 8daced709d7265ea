using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Tmo.Edge.TestSupport.Mqtt;

/// <summary>
/// A real Mosquitto on a free loopback port, with a configuration generated from <see cref="MosquittoSettings"/> in a
/// temporary directory: plain or TLS, anonymous or with accounts and an ACL, with or without persistence. It can be
/// stopped cleanly, killed and started again on the same port; it is killed and cleaned up at dispose.
/// </summary>
public sealed class Mosquitto : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);

    private readonly string _executable;
    private readonly DirectoryInfo _directory;
    private readonly string _configuration;
    private readonly BrokerCertificates? _certificates;
    private readonly StringBuilder _output = new();
    private Process? _process;

    private Mosquitto(string executable, DirectoryInfo directory, BrokerCertificates? certificates, IReadOnlyDictionary<string, BrokerAccount> accounts)
    {
        _executable = executable;
        _directory = directory;
        _certificates = certificates;
        Accounts = accounts;
        Port = FreePort.Next();
        _configuration = Path.Combine(directory.FullName, "mosquitto.conf");
    }

    public int Port { get; }

    /// <summary>The accounts of <see cref="MosquittoSettings.Accounts"/>, by user name.</summary>
    public IReadOnlyDictionary<string, BrokerAccount> Accounts { get; }

    /// <summary>The private CA and the broker's certificate, for a broker started with TLS.</summary>
    public BrokerCertificates Certificates => _certificates ?? throw new InvalidOperationException("This Mosquitto was started without TLS.");

    /// <summary>Mosquitto's own log (it says there whom it let in and what it refused).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<Mosquitto> StartNewAsync(MosquittoSettings? settings = null, CancellationToken cancellationToken = default)
    {
        settings ??= new MosquittoSettings();
        var executable = FindExecutable() ?? throw new InvalidOperationException(
            "mosquitto is not installed: the MQTT tests run a real Mosquitto. Install Debian's packages with " +
            "`apt-get install -y mosquitto mosquitto-clients` (scripts/install-test-deps does this).");
        var directory = Directory.CreateTempSubdirectory("tmo-mosquitto-");
        Mosquitto? broker = null;
        try
        {
            var certificates = settings.Tls ? BrokerCertificates.Create(directory.FullName, "site", settings.CertificateHost) : null;
            var accounts = await CreateAccountsAsync(directory.FullName, settings.Accounts, cancellationToken);
            broker = new Mosquitto(executable, directory, certificates, accounts);
            await File.WriteAllTextAsync(broker._configuration, await broker.ConfigurationAsync(settings, cancellationToken), cancellationToken);
            await broker.StartAsync(cancellationToken);
            return broker;
        }
        catch
        {
            if (broker is null)
            {
                directory.Delete(recursive: true);
            }
            else
            {
                await broker.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>Starts the broker (again, after <see cref="StopAsync"/> or <see cref="KillAsync"/>) and waits until it listens.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_process is not null)
        {
            throw new InvalidOperationException("Mosquitto is already running.");
        }

        var start = new ProcessStartInfo(_executable, ["-c", _configuration])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {_executable}.");
        process.ErrorDataReceived += (_, e) => Record(e.Data);
        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        _process = process;

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(StartTimeout);
        while (true)
        {
            if (process.HasExited)
            {
                _process = null;
                throw new InvalidOperationException($"Mosquitto exited with code {process.ExitCode} at start:\n{Output}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", Port, deadline.Token);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(20, deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"Mosquitto did not listen on 127.0.0.1:{Port} within {StartTimeout.TotalSeconds} s:\n{Output}");
            }
        }
    }

    /// <summary>A clean broker shutdown (SIGTERM): Mosquitto writes its persistence database and disconnects its clients.</summary>
    public async Task StopAsync()
    {
        if (_process is not { } process)
        {
            return;
        }

        _process = null;
        using (var kill = Process.Start("/bin/sh", ["-c", $"kill -TERM {process.Id}"]))
        {
            await kill.WaitForExitAsync();
        }

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"Mosquitto did not stop within 5 s of SIGTERM:\n{Output}");
        }
        finally
        {
            process.Dispose();
        }
    }

    /// <summary>
    /// A crash (SIGKILL): no clean shutdown, no final save of the persistence database and no DISCONNECT, so clients
    /// see their sockets drop and whatever the broker had not saved yet is gone, as after a power cut.
    /// </summary>
    public async Task KillAsync()
    {
        if (_process is not { } process)
        {
            return;
        }

        _process = null;
        using (process)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }

        _directory.Delete(recursive: true);
    }

    private async Task<string> ConfigurationAsync(MosquittoSettings settings, CancellationToken cancellationToken)
    {
        var configuration = new StringBuilder($"""
            listener {Port} 127.0.0.1
            user {Environment.UserName}
            log_dest stderr
            log_type error
            log_type warning
            log_type notice
            log_type information

            """);
        if (settings.Persistent)
        {
            configuration.Append($"""
                persistence true
                persistence_location {_directory.FullName}/
                persistence_file mosquitto.db
                autosave_on_changes true
                autosave_interval 1

                """);
        }

        if (_certificates is { } certificates)
        {
            configuration.Append($"""
                certfile {certificates.CertificateFile}
                keyfile {certificates.KeyFile}

                """);
        }

        if (Accounts.Count == 0)
        {
            configuration.AppendLine("allow_anonymous true");
        }
        else
        {
            configuration.AppendLine("allow_anonymous false");
            configuration.AppendLine($"password_file {Path.Combine(_directory.FullName, "passwords")}");
        }

        if (settings.Acl is { } acl)
        {
            var file = Path.Combine(_directory.FullName, "acl");
            await File.WriteAllTextAsync(file, acl, cancellationToken);
            configuration.AppendLine($"acl_file {file}");
            configuration.AppendLine("log_type debug");
        }

        return configuration.AppendLine(settings.ExtraConfiguration).ToString();
    }

    private static async Task<IReadOnlyDictionary<string, BrokerAccount>> CreateAccountsAsync(
        string directory, IReadOnlyList<string> users, CancellationToken cancellationToken)
    {
        var accounts = new Dictionary<string, BrokerAccount>(StringComparer.Ordinal);
        var passwords = Path.Combine(directory, "passwords");
        foreach (var user in users)
        {
            // Recognisable in any dump: the secret scans look for it byte for byte.
            var password = $"mqtt-secret-{user}-{Guid.NewGuid():N}";
            var file = Path.Combine(directory, $"{user}.password");
            await File.WriteAllTextAsync(file, password + "\n", cancellationToken);
            accounts[user] = new BrokerAccount(user, password, file);
            await RunAsync("mosquitto_passwd", accounts.Count == 1 ? ["-c", "-b", passwords, user, password] : ["-b", passwords, user, password], cancellationToken);
        }

        return accounts;
    }

    private static async Task RunAsync(string program, string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var error = await process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} failed ({process.ExitCode}): {error}");
        }
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static string? FindExecutable()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/usr/local/sbin", "/sbin"])
            .Select(directory => Path.Combine(directory, "mosquitto"))
            .FirstOrDefault(File.Exists);
    }
}
