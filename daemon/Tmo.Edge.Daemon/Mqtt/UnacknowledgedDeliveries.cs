using System.Collections.Concurrent;
using MQTTnet.Packets;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Tmo.Edge.Daemon.Mqtt;

/// <summary>
/// The QoS 1 and 2 messages the embedded broker has sent to connected clients and not yet seen acknowledged. A
/// message that reached a client's socket is not yet safe: an MQTTnet client, for one, drops what it has received but
/// not yet handed to its application when a DISCONNECT arrives right behind it. An acknowledgement means handled.
/// </summary>
internal sealed class UnacknowledgedDeliveries
{
    private readonly ConcurrentDictionary<(string ClientId, ushort PacketId), byte> _inFlight = new();

    public bool IsEmpty => _inFlight.IsEmpty;

    public void Attach(MqttServer server)
    {
        server.InterceptingOutboundPacketAsync += OnOutboundAsync;
        server.InterceptingInboundPacketAsync += OnInboundAsync;
        server.ClientDisconnectedAsync += OnClientDisconnectedAsync;
    }

    private Task OnOutboundAsync(InterceptingPacketEventArgs args)
    {
        if (args.Packet is MqttPublishPacket { QualityOfServiceLevel: > MqttQualityOfServiceLevel.AtMostOnce } publish)
        {
            _inFlight[(args.ClientId, publish.PacketIdentifier)] = 0;
        }

        return Task.CompletedTask;
    }

    private Task OnInboundAsync(InterceptingPacketEventArgs args)
    {
        // PUBACK ends a QoS 1 delivery, PUBCOMP a QoS 2 one.
        if (args.Packet is MqttPubAckPacket or MqttPubCompPacket)
        {
            _inFlight.TryRemove((args.ClientId, ((MqttPacketWithIdentifier)args.Packet).PacketIdentifier), out _);
        }

        return Task.CompletedTask;
    }

    private Task OnClientDisconnectedAsync(ClientDisconnectedEventArgs args)
    {
        // A persistent session gets its unacknowledged messages again at its next connection; nothing to wait for now.
        foreach (var key in _inFlight.Keys)
        {
            if (key.ClientId == args.ClientId)
            {
                _inFlight.TryRemove(key, out _);
            }
        }

        return Task.CompletedTask;
    }
}
