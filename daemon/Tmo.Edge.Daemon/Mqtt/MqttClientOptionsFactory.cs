using System.Text;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Tmo.Edge.Core.Messaging;
using Tmo.Edge.Core.Options;

namespace Tmo.Edge.Daemon.Mqtt;

/// <summary>A last will: published by the broker when the client's connection ends without a DISCONNECT.</summary>
public sealed record MqttLastWill(string Topic, string Payload, bool Retain = true);

/// <summary>
/// Builds MQTT 5 client options for the configured broker (the embedded one when no Host is set), for the daemon
/// and for other clients of the same bus such as the replay publisher.
/// </summary>
public static class MqttClientOptionsFactory
{
    /// <summary>
    /// How long the broker keeps a persistent session, with its subscriptions and queued QoS 1 messages, after the
    /// client went away: long enough to ride out a weekend of downtime, bounded so that a decommissioned device does
    /// not make the broker queue for it forever.
    /// </summary>
    public static readonly TimeSpan PersistentSessionExpiry = TimeSpan.FromDays(7);

    /// <summary>Time allowed for the socket, TLS and CONNACK, and for a DISCONNECT to go out.</summary>
    public static readonly TimeSpan CommunicationTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// At most this many QoS 1 messages unacknowledged towards the client: the daemon acknowledges each only once
    /// it is recorded, so this bounds what waits in memory (the inbound channel holds as many) and what must be
    /// redelivered after a failure.
    /// </summary>
    public const ushort ReceiveMaximum = Ingress.InboundChannel.Capacity;

    /// <param name="options">The broker: embedded (EmbeddedAddress:EmbeddedPort, no TLS) or external (Host:Port).</param>
    /// <param name="clientId">Must be stable across restarts for a persistent session.</param>
    /// <param name="persistentSession">
    /// True: CleanStart=false and a long session expiry, so the broker keeps subscriptions and queues QoS 1 messages
    /// while the client is away. False: a clean session that ends with the connection.
    /// </param>
    /// <param name="will">Published at QoS 1 by the broker if the connection drops without a DISCONNECT.</param>
    public static MqttClientOptions Create(MqttOptions options, string clientId, bool persistentSession, MqttLastWill? will = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(clientId);

        var builder = new MqttClientOptionsBuilder()
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(clientId)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(options.KeepAliveSeconds))
            .WithTimeout(CommunicationTimeout)
            .WithReceiveMaximum(ReceiveMaximum)
            // MQTT 5: the broker must not send this client a larger packet (it drops it instead).
            .WithMaximumPacketSize((uint)options.MaxPacketBytes)
            .WithCleanStart(!persistentSession)
            .WithSessionExpiryInterval(persistentSession ? (uint)PersistentSessionExpiry.TotalSeconds : 0);

        if (options.UsesEmbeddedBroker)
        {
            builder.WithTcpServer(options.EmbeddedAddress, options.EmbeddedPort);
        }
        else
        {
            builder.WithTcpServer(options.Host, options.Port);
            if (options.UseTls)
            {
                var host = options.Host!;
                var authority = string.IsNullOrEmpty(options.CaCertificateFile) ? null : BrokerCertificateAuthority.Load(options.CaCertificateFile);
                builder.WithTlsOptions(tls =>
                {
                    tls.UseTls().WithTargetHost(host);
                    if (authority is not null)
                    {
                        // The chain must end at this CA (a custom root trust): the system store does not know it.
                        tls.WithTrustChain(authority);
                    }
                });
            }
        }

        if (!string.IsNullOrEmpty(options.Username))
        {
            builder.WithCredentials(new PasswordFileCredentials(options.Username, options.PasswordFile));
        }

        if (will is not null)
        {
            builder
                .WithWillTopic(will.Topic)
                .WithWillPayload(Encoding.UTF8.GetBytes(will.Payload))
                .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .WithWillRetain(will.Retain);
        }

        var built = builder.Build();
        ((MqttClientTcpOptions)built.ChannelOptions).BufferSize = MqttOptions.ClientSocketBufferBytes;
        return built;
    }
}
