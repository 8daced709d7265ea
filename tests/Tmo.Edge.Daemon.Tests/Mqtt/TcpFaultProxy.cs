using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Tmo.Edge.Daemon.Tests.Mqtt;

/// <summary>
/// A TCP relay between the daemon and a broker that can cut the network: <see cref="Sever"/> resets every relayed
/// connection at once (neither side sends DISCONNECT, as when a cable is pulled), <see cref="Refusing"/> turns new
/// connections away until cleared, and <see cref="UpstreamLatency"/> holds what the client sends for a while, losing
/// it if the client closes first: a broker that handles the close before reading what came ahead of it.
/// </summary>
internal sealed class TcpFaultProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _sockets = [];
    private readonly Task _acceptLoop;

    public TcpFaultProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptAsync(_stop.Token);
    }

    public int Port { get; }

    private volatile bool _refusing;

    /// <summary>How long bytes from the client take to reach the broker; zero relays at once.</summary>
    public TimeSpan UpstreamLatency { get; init; }

    /// <summary>While set, new connections are reset as soon as they are accepted.</summary>
    public bool Refusing
    {
        get => _refusing;
        set => _refusing = value;
    }

    public void Sever()
    {
        Socket[] sockets;
        lock (_sockets)
        {
            sockets = [.. _sockets];
            _sockets.Clear();
        }

        foreach (var socket in sockets)
        {
            Reset(socket);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Sever();
        try
        {
            await _acceptLoop;
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var inbound = await _listener.AcceptSocketAsync(cancellationToken);
            if (Refusing)
            {
                Reset(inbound);
                continue;
            }

            var outbound = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await outbound.ConnectAsync(IPAddress.Loopback, _targetPort, cancellationToken);
            }
            catch (SocketException)
            {
                Reset(inbound);
                Reset(outbound);
                continue;
            }

            lock (_sockets)
            {
                _sockets.Add(inbound);
                _sockets.Add(outbound);
            }

            _ = UpstreamLatency > TimeSpan.Zero ? RelayWithLatencyAsync(inbound, outbound, UpstreamLatency) : RelayAsync(inbound, outbound);
            _ = RelayAsync(outbound, inbound);
        }
    }

    private static async Task RelayAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0)
                {
                    break;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
            }
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        Reset(from);
        Reset(to);
    }

    private static async Task RelayWithLatencyAsync(Socket from, Socket to, TimeSpan latency)
    {
        var wire = Channel.CreateUnbounded<(long SentAt, byte[] Bytes)>();
        using var closed = new CancellationTokenSource();
        var delivering = DeliverAsync(wire.Reader, to, latency, closed.Token);
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0)
                {
                    break;
                }

                wire.Writer.TryWrite((Stopwatch.GetTimestamp(), buffer[..read]));
            }
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        // The client is gone: what is still on the wire never arrives.
        await closed.CancelAsync();
        Reset(from);
        Reset(to);
        await delivering;
    }

    private static async Task DeliverAsync(ChannelReader<(long SentAt, byte[] Bytes)> wire, Socket to, TimeSpan latency, CancellationToken closed)
    {
        try
        {
            await foreach (var (sentAt, bytes) in wire.ReadAllAsync(closed))
            {
                var remaining = latency - Stopwatch.GetElapsedTime(sentAt);
                if (remaining > TimeSpan.Zero)
                {
                    await Task.Delay(remaining, closed);
                }

                await to.SendAsync(bytes, SocketFlags.None, closed);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private static void Reset(Socket socket)
    {
        try
        {
            // Linger 0: close with RST, so the peer notices at once instead of after a FIN handshake or a timeout.
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        socket.Dispose();
    }
}
