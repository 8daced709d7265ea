using System.Net.Sockets;
using System.Text;

namespace Tmo.Edge.Bench;

/// <summary>
/// The service manager's end of sd_notify: a Unix datagram socket whose path a child gets as NOTIFY_SOCKET, as systemd
/// gives it to a Type=notify service. Microsoft.Extensions.Hosting.Systemd sends READY=1 once the host has started.
/// </summary>
internal sealed class SystemdNotifySocket : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);

    public SystemdNotifySocket(string path)
    {
        Path = path;
        _socket.Bind(new UnixDomainSocketEndPoint(path));
    }

    public string Path { get; }

    /// <summary>Waits for a notification that carries <paramref name="assignment"/> (e.g. READY=1) on a line of its own.</summary>
    public async Task WaitForAsync(string assignment, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        while (true)
        {
            var length = await _socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            if (Encoding.UTF8.GetString(buffer, 0, length).Split('\n').Contains(assignment))
            {
                return;
            }
        }
    }

    public void Dispose()
    {
        _socket.Dispose();
        File.Delete(Path);
    }
}
