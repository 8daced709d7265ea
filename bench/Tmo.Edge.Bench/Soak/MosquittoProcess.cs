using System.Diagnostics;
using System.Net.Sockets;

namespace Tmo.Edge.Bench.Soak;

/// <summary>A Mosquitto of its own on a loopback port, without persistence: the soak's broker, not what it measures.</summary>
internal sealed class MosquittoProcess : IAsyncDisposable
{
    private static readonly string[] Executables = ["/usr/sbin/mosquitto", "/usr/bin/mosquitto"];

    private readonly Process _process;
    private readonly DirectoryInfo _directory;

    private MosquittoProcess(Process process, DirectoryInfo directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public static async Task<MosquittoProcess> StartAsync(int port, CancellationToken cancellationToken)
    {
        var executable = Executables.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("mosquitto is not installed (scripts/install-test-deps installs it).");
        var directory = Directory.CreateTempSubdirectory("tmo-soak-mosquitto-");
        var configuration = Path.Combine(directory.FullName, "mosquitto.conf");
        await File.WriteAllTextAsync(
            configuration,
            $"""
            listener {port} 127.0.0.1
            allow_anonymous true
            max_queued_messages 100000
            set_tcp_nodelay true
            log_dest stderr
            log_type error
            log_type warning
            """,
            cancellationToken);
        var start = new ProcessStartInfo(executable, ["-c", configuration])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var broker = new MosquittoProcess(process, directory, port);
        await broker.WaitUntilListeningAsync(cancellationToken);
        return broker;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _directory.Delete(recursive: true);
    }

    private async Task WaitUntilListeningAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", Port, cancellationToken);
                return;
            }
            catch (SocketException) when (attempt < 100 && !_process.HasExited)
            {
                await Task.Delay(50, cancellationToken);
            }
        }
    }
}
