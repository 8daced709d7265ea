using System.Net;
using System.Security.Cryptography.X509Certificates;
using MQTTnet.Adapter;
using MQTTnet.Formatter;
using MQTTnet.Packets;

namespace Tmo.Edge.Daemon.Mqtt.Access;

/// <summary>
/// Gives an MQTT 3.1.1 client that connects with a zero-length client id and a clean session an id of its own, as
/// MQTT 3.1.1 section 3.1.3.1 allows and Mosquitto, EMQX and HiveMQ do; Mosquitto's own clients send exactly that.
/// MQTTnet 5.2's server assigns ids to MQTT 5 clients only and refuses the 3.1.1 case after the connection validator
/// has run, so the id is filled in here, on the CONNECT packet as read, before the server looks at it. Without a clean
/// session the client asks to resume a session it cannot name; that stays refused ("identifier rejected"), as the
/// specification requires.
/// </summary>
internal sealed class ClientIdAssigningChannelAdapter(IMqttChannelAdapter inner) : IMqttChannelAdapter
{
    public long BytesReceived => inner.BytesReceived;

    public long BytesSent => inner.BytesSent;

    public X509Certificate2 ClientCertificate => inner.ClientCertificate;

    public EndPoint RemoteEndPoint => inner.RemoteEndPoint;

    public EndPoint LocalEndPoint => inner.LocalEndPoint;

    public bool IsSecureConnection => inner.IsSecureConnection;

    public MqttPacketFormatterAdapter PacketFormatterAdapter => inner.PacketFormatterAdapter;

    public Task ConnectAsync(CancellationToken cancellationToken) => inner.ConnectAsync(cancellationToken);

    public Task DisconnectAsync(CancellationToken cancellationToken) => inner.DisconnectAsync(cancellationToken);

    public async Task<MqttPacket> ReceivePacketAsync(CancellationToken cancellationToken)
    {
        var packet = await inner.ReceivePacketAsync(cancellationToken);
        if (packet is MqttConnectPacket { CleanSession: true } connect
            && string.IsNullOrEmpty(connect.ClientId)
            && inner.PacketFormatterAdapter.ProtocolVersion != MqttProtocolVersion.V500)
        {
            connect.ClientId = AssignedClientIds.For(connect.Username);
        }

        return packet;
    }

    public void ResetStatistics() => inner.ResetStatistics();

    public Task SendPacketAsync(MqttPacket packet, CancellationToken cancellationToken) => inner.SendPacketAsync(packet, cancellationToken);

    public void Dispose() => inner.Dispose();
}
