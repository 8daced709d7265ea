using System.Net;
using System.Text;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Tmo.Edge.Core.Options;
using Tmo.Edge.Daemon.Mqtt;

namespace Tmo.Edge.Daemon.Tests.Mqtt;

public sealed class MqttClientOptionsFactoryTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("tmo-mqtt-options-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void A_persistent_session_keeps_the_session_for_a_week_under_a_fixed_client_id()
    {
        var options = MqttClientOptionsFactory.Create(new MqttOptions(), "tmo-edge-daemon", persistentSession: true);

        Assert.Equal(MqttProtocolVersion.V500, options.ProtocolVersion);
        Assert.Equal("tmo-edge-daemon", options.ClientId);
        Assert.False(options.CleanSession);
        Assert.Equal((uint)TimeSpan.FromDays(7).TotalSeconds, options.SessionExpiryInterval);
        Assert.Equal(MqttClientOptionsFactory.ReceiveMaximum, options.ReceiveMaximum);
    }

    [Fact]
    public void A_clean_session_ends_with_the_connection()
    {
        var options = MqttClientOptionsFactory.Create(new MqttOptions(), "tmo-edge-replay", persistentSession: false);

        Assert.True(options.CleanSession);
        Assert.Equal(0u, options.SessionExpiryInterval);
    }

    [Fact]
    public void The_last_will_is_retained_at_qos_1()
    {
        var options = MqttClientOptionsFactory.Create(new MqttOptions(), "tmo-edge-daemon", persistentSession: true, new MqttLastWill("tmo/kitchen-42/status", "offline"));

        Assert.Equal("tmo/kitchen-42/status", options.WillTopic);
        Assert.Equal("offline", Encoding.UTF8.GetString(options.WillPayload));
        Assert.True(options.WillRetain);
        Assert.Equal(MqttQualityOfServiceLevel.AtLeastOnce, options.WillQualityOfServiceLevel);
    }

    [Fact]
    public void Without_a_host_the_client_goes_to_the_embedded_broker_without_tls()
    {
        var options = MqttClientOptionsFactory.Create(new MqttOptions { EmbeddedAddress = "127.0.0.1", EmbeddedPort = 18830, UseTls = true }, "c", persistentSession: false);

        var tcp = Assert.IsType<MqttClientTcpOptions>(options.ChannelOptions);
        Assert.Equal(("127.0.0.1", 18830), Endpoint(tcp));
        Assert.False(tcp.TlsOptions.UseTls);
    }

    [Fact]
    public void The_socket_buffers_exceed_a_loopback_segment_not_the_libraries_8_KiB()
    {
        const int LoopbackSegmentBytes = 65_483;

        var options = MqttClientOptionsFactory.Create(new MqttOptions(), "c", persistentSession: false);

        // A receive window below one segment makes the sender wait for delayed ACKs (see ClientSocketBufferBytes).
        var tcp = Assert.IsType<MqttClientTcpOptions>(options.ChannelOptions);
        Assert.True(tcp.BufferSize > 2 * LoopbackSegmentBytes, $"buffer {tcp.BufferSize} B");
    }

    [Fact]
    public void An_external_broker_is_reached_on_its_host_and_port_with_tls_when_asked()
    {
        var options = MqttClientOptionsFactory.Create(new MqttOptions { Host = "broker.lan", Port = 8883, UseTls = true }, "c", persistentSession: false);

        var tcp = Assert.IsType<MqttClientTcpOptions>(options.ChannelOptions);
        Assert.Equal(("broker.lan", 8883), Endpoint(tcp));
        Assert.True(tcp.TlsOptions.UseTls);
        Assert.Equal("broker.lan", tcp.TlsOptions.TargetHost);
    }

    [Fact]
    public void The_password_is_read_from_its_file_at_each_connection_without_the_trailing_newline()
    {
        var file = Path.Combine(_directory.FullName, "mqtt-password");
        File.WriteAllText(file, "first secret\n");
        var options = MqttClientOptionsFactory.Create(new MqttOptions { Host = "broker.lan", Username = "tmo-edge", PasswordFile = file }, "c", persistentSession: true);

        Assert.Equal("tmo-edge", options.Credentials.GetUserName(options));
        Assert.Equal("first secret", Encoding.UTF8.GetString(options.Credentials.GetPassword(options)));

        File.WriteAllText(file, "rotated\r\n");
        Assert.Equal("rotated", Encoding.UTF8.GetString(options.Credentials.GetPassword(options)));
    }

    [Fact]
    public void Without_a_username_no_credentials_are_sent()
    {
        var options = MqttClientOptionsFactory.Create(new MqttOptions { Host = "broker.lan" }, "c", persistentSession: true);

        Assert.Null(options.Credentials);
    }

    private static (string Host, int Port) Endpoint(MqttClientTcpOptions tcp) => tcp.RemoteEndpoint switch
    {
        DnsEndPoint dns => (dns.Host, dns.Port),
        IPEndPoint ip => (ip.Address.ToString(), ip.Port),
        var other => throw new InvalidOperationException($"Unexpected endpoint {other}"),
    };
}
