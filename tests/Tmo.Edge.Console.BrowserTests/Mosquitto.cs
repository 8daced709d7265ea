using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Tmo.Edge.Console.BrowserTests;

/// <summary>
/// A real Mosquitto on a free loopback port with a generated configuration in a temporary directory (the same idea as
/// the daemon tests' broker fixture); killed and cleaned up at dispose.
/// </summary>
internal sealed class Mosquitto : IAsyncDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("tmo-console-mosquitto-");
    private readonly StringBuilder _output = new();
    private Process? _process;

    public int Port { get; } = FreePort.Next();

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

    /// <param name="extraConfiguration">Appended to the generated mosquitto.conf (TLS, accounts, an ACL).</param>
    public static async Task<Mosquitto> StartAsync(string extraConfiguration = "")
    {
        var executable = new[] { "/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("mosquitto is not installed: run scripts/install-test-deps (Debian's mosquitto).");
        var broker = new Mosquitto();
        var configuration = Path.Combine(broker._directory.FullName, "mosquitto.conf");
        await File.WriteAllTextAsync(configuration, $"""
            listener {broker.Port} 127.0.0.1
            allow_anonymous true
            persistence false
            user {Environment.UserName}
            log_dest stderr
            log_type error
            log_type warning
            {extraConfiguration}

            """);
        var process = Process.Start(new ProcessStartInfo(executable, ["-c", configuration])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException($"Could not start {executable}.");
        broker._process = process;
        process.ErrorDataReceived += (_, e) => broker.Record(e.Data);
        process.OutputDataReceived += (_, e) => broker.Record(e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Mosquitto exited with code {process.ExitCode}:\n{broker.Output}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", broker.Port, deadline.Token);
                return broker;
            }
            catch (SocketException)
            {
                await Task.Delay(20, deadline.Token);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
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
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
