using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Formatter;
using MQTTnet.Implementations;
using MQTTnet.Packets;
using MQTTnet.Server;
using Tmo.Edge.Daemon.Mqtt.Access;

namespace Tmo.Edge.Daemon.Mqtt;

/// <summary>
/// The embedded broker's TCP listener, in place of MQTTnet's own (MqttTcpServerAdapter, internal), which gives no
/// way to see a connection's bytes before the packet reader does: each accepted connection is read through a
/// <see cref="SizeLimitedChannel"/>, and an MQTT 3.1.1 CONNECT without a client id is given one. Plain TCP on one address, all the embedded broker offers.
/// </summary>
internal sealed class SizeLimitedTcpServerAdapter(IPEndPoint endpoint, int maxPacketBytes, ILogger logger) : IMqttServerAdapter
{
    private readonly CancellationTokenSource _stopping = new();
    private Socket? _listener;
    private Task _accepting = Task.CompletedTask;

    public Func<IMqttChannelAdapter, Task>? ClientHandler { get; set; }

    /// <summary>
    /// Tells MQTT 5 clients the limit in CONNACK (Maximum Packet Size, MQTT 5 section 3.2.2.3.6), so that a compliant
    /// client refuses to send more itself. MQTTnet's CONNACK says "unlimited" and has no option for it; the packet
    /// passes the outbound interceptor before it is encoded.
    /// </summary>
    public static void Advertise(MqttServer server, int maxPacketBytes)
    {
        ArgumentNullException.ThrowIfNull(server);
        server.InterceptingOutboundPacketAsync += args =>
        {
            if (args.Packet is MqttConnAckPacket connAck)
            {
                connAck.MaximumPacketSize = (uint)maxPacketBytes;
            }

            return Task.CompletedTask;
        };
    }

    public Task StartAsync(MqttServerOptions options, IMqttNetLogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var listener = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // A daemon restarted within a minute finds its port in TIME_WAIT; without SO_REUSEADDR the bind fails.
            listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Bind(endpoint);
            listener.Listen(options.DefaultEndpointOptions.ConnectionBacklog);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        _listener = listener;
        _accepting = AcceptAsync(listener, options, logger, _stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync()
    {
        await _stopping.CancelAsync();
        _listener?.Dispose();
        await _accepting;
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _listener?.Dispose();
        _stopping.Dispose();
    }

    private async Task AcceptAsync(Socket listener, MqttServerOptions options, IMqttNetLogger mqttLogger, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stopping);
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException exception)
            {
                // A client that reset before it was accepted, or the system out of descriptors: keep listening.
                logger.AcceptFailed(exception.SocketErrorCode);
                continue;
            }

            _ = Task.Run(() => ServeAsync(client, options, mqttLogger), CancellationToken.None);
        }
    }

    private async Task ServeAsync(Socket client, MqttServerOptions options, IMqttNetLogger mqttLogger)
    {
        try
        {
            client.NoDelay = true;
            await using var stream = new NetworkStream(client, ownsSocket: true);
            var channel = new SizeLimitedChannel(
                new MqttTcpChannel(stream, client.LocalEndPoint, client.RemoteEndPoint, null),
                maxPacketBytes,
                (remote, size) =>
                {
                    var from = remote?.ToString() ?? "?";
                    logger.PacketTooLarge(from, size, maxPacketBytes);
                });
            using var adapter = new ClientIdAssigningChannelAdapter(
                new MqttChannelAdapter(channel, new MqttPacketFormatterAdapter(new MqttBufferWriter(options.WriterBufferSize, options.WriterBufferSizeMax)), mqttLogger));
            if (ClientHandler is { } handler)
            {
                await handler(adapter);
            }
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The client went away; MQTTnet has already ended its session the way it does for a dropped connection.
        }
        finally
        {
            client.Dispose();
        }
    }
}
