using System.Buffers;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using MQTTnet.Channel;
using MQTTnet.Exceptions;

namespace Tmo.Edge.Daemon.Mqtt;

/// <summary>
/// A client connection of the embedded broker that refuses a packet larger than the limit as soon as its fixed header
/// says so. MQTTnet's server allocates a packet's whole body the moment it has read the header (and has no limit of its
/// own), so a 256 MiB PUBLISH would be 256 MiB of memory per connection; here the read that completes such a header
/// fails instead, and MQTTnet closes the connection without having seen the length.
/// </summary>
internal sealed class SizeLimitedChannel(IMqttChannel inner, int maxPacketBytes, Action<EndPoint, long> refused) : IMqttChannel
{
    private readonly MqttFraming _framing = new(maxPacketBytes);

    public X509Certificate2 ClientCertificate => inner.ClientCertificate;

    public EndPoint RemoteEndPoint => inner.RemoteEndPoint;

    public EndPoint LocalEndPoint => inner.LocalEndPoint;

    public bool IsSecureConnection => inner.IsSecureConnection;

    public Task ConnectAsync(CancellationToken cancellationToken) => inner.ConnectAsync(cancellationToken);

    public Task DisconnectAsync(CancellationToken cancellationToken) => inner.DisconnectAsync(cancellationToken);

    public async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        var read = await inner.ReadAsync(buffer, offset, count, cancellationToken);
        if (_framing.Advance(buffer.AsSpan(offset, read)) is { } size)
        {
            refused(RemoteEndPoint, size);
            throw new MqttCommunicationException($"a packet of {size} bytes or more exceeds the broker's maximum of {maxPacketBytes}");
        }

        return read;
    }

    public Task WriteAsync(ReadOnlySequence<byte> buffer, bool isEndOfPacket, CancellationToken cancellationToken) =>
        inner.WriteAsync(buffer, isEndOfPacket, cancellationToken);

    public void Dispose() => inner.Dispose();
}
