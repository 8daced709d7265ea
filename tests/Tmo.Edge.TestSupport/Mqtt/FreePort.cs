using System.Net;
using System.Net.Sockets;

namespace Tmo.Edge.TestSupport.Mqtt;

public static class FreePort
{
    /// <summary>A port nobody listens on right now (the kernel's pick for an ephemeral bind).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
