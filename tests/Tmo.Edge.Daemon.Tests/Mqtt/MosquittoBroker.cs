using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Tmo.Edge.Daemon.Tests.Mqtt;

/// <summary>
/// A real Mosquitto on a free loopback port, with its own generated configuration and a persistence database in a
/// temporary directory (saved after every change), so a <see cref="StopAsync"/> / <see cref="StartAsync"/> pair is a
/// broker restart that keeps sessions and queued messages. Killed and cleaned up at dispose.
/// </summary>
internal sealed class MosquittoBroker : IBrokerUnderTest
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(5);

    private readonly string _executable;
    private readonly DirectoryInfo _directory;
    private readonly string _configuration;
    private readonly StringBuilder _output = new();
    private Process? _process;

    private MosquittoBroker(string executable, string extraConfiguration)
    {
        _executable = executable;
        _directory = Directory.CreateTempSubdirectory("tmo-mosquitto-");
        Port = FreePort.Next();
        _configuration = Path.Combine(_directory.FullName, "mosquitto.conf");
        File.WriteAllText(_configuration, $"""
            listener {Port} 127.0.0.1
            allow_anonymous true
            persistence true
            persistence_location {_directory.FullName}/
            persistence_file mosquitto.db
            autosave_on_changes true
            autosave_interval 1
            user {Environment.UserName}
            log_dest stderr
            log_type error
            log_type warning
            log_type notice
            log_type information
            {extraConfiguration}

            """);
    }

    public int Port { get; }

    public string Name => "mosquitto";

    /// <summary>This Mosquitto lets anyone in; the daemon needs no login of its own.</summary>
    public IReadOnlyDictionary<string, string?> DaemonLogin { get; } = new Dictionary<string, string?>();

    /// <param name="extraConfiguration">Appended to the generated mosquitto.conf (a bridge, say).</param>
    public static async Task<MosquittoBroker> StartNewAsync(string extraConfiguration = "")
    {
        var executable = FindExecutable() ?? throw new InvalidOperationException(
            "mosquitto is not installed: the MQTT tests run a real Mosquitto. Install Debian's packages with " +
            "`apt-get install -y mosquitto mosquitto-clients` (.ci/run does this).");
        var broker = new MosquittoBroker(executable, extraConfiguration);
        try
        {
            await broker.StartAsync();
            return broker;
        }
        catch
        {
            await broker.DisposeAsync();
            throw;
        }
    }

    public async Task StartAsync()
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

        using var deadline = new CancellationTokenSource(StartTimeout);
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
            catch (OperationCanceledException)
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
