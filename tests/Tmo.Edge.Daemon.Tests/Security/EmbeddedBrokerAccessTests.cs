using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Daemon.Mqtt;
using Tmo.Edge.Daemon.Mqtt.Access;
using Tmo.Edge.Daemon.Tests.Mqtt;
using Xunit.Abstractions;

namespace Tmo.Edge.Daemon.Tests.Security;

/// <summary>
/// The embedded broker as the perimeter (docs/reliability.md), with a real daemon transport connected to it: who may log
/// in, under which client id, and what each account may publish and read.
/// </summary>
public sealed class EmbeddedBrokerAccessTests(ITestOutputHelper output) : IAsyncLifetime, IDisposable
{
    private readonly string _deviceId = $"acl-{Guid.NewGuid():N}"[..12];
    private readonly RecordingLoggerProvider _logs = new(output);
    private readonly RecordingSink _sink = new();
    private ILoggerFactory? _loggers;
    private EmbeddedBrokerUnderTest? _broker;
    private DaemonTransport? _daemon;

    private string Prefix => $"tmo/{_deviceId}";

    private int Port => _broker!.Port;

    public async Task InitializeAsync()
    {
        _loggers = LoggerFactory.Create(builder => builder.AddProvider(_logs).SetMinimumLevel(LogLevel.Debug));
        _broker = await EmbeddedBrokerUnderTest.StartNewAsync(_deviceId, logger: _loggers.CreateLogger<EmbeddedBroker>());
        _daemon = DaemonTransport.Create(Port, _deviceId, _sink, output, _broker.DaemonLogin);
        await _daemon.StartAsync();
        await _daemon.WaitConnectedAsync();
    }

    public async Task DisposeAsync()
    {
        await _daemon!.DisposeAsync();
        await _broker!.DisposeAsync();
    }

    public void Dispose()
    {
        _loggers?.Dispose();
        _logs.Dispose();
    }

    [Fact]
    public async Task Anonymous_clients_and_wrong_passwords_are_refused_alike()
    {
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await ConnectResultAsync(userName: null, password: null));
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await ConnectResultAsync(TestLogins.Device, "not-the-password"));
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await ConnectResultAsync("nobody", "whatever"));
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await ConnectResultAsync(EmbeddedBrokerLogin.UserName, "guessed"));
        Assert.Equal(MqttClientConnectResultCode.Success, await ConnectResultAsync(TestLogins.Device, TestLogins.PasswordOf(TestLogins.Device)));
        Assert.Equal(4, _logs.Entries.Count(e => e.EventName == "LogLoginRefused"));
    }

    [Fact]
    public async Task A_zero_length_client_id_gets_one_assigned_for_mqtt_5_clients_mosquitto_pub_included()
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var result = await client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", Port)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(string.Empty)
            .WithCredentials(TestLogins.Device, TestLogins.PasswordOf(TestLogins.Device))
            .Build());
        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        Assert.StartsWith($"{TestLogins.Device}-", result.AssignedClientIdentifier, StringComparison.Ordinal);

        // mosquitto_pub 2.0 sends a zero-length client id; with MQTT 5 (-V mqttv5) the broker assigns one.
        var published = await MosquittoClientAsync(
            "mosquitto_pub", "-V", "mqttv5", "-h", "127.0.0.1", "-p", $"{Port}", "-u", TestLogins.Device, "-P", TestLogins.PasswordOf(TestLogins.Device),
            "-q", "1", "-t", $"{Prefix}/users/{TestLogins.Device}/in/sensor/kitchen_temp", "-m", "21.5");
        Assert.True(published.ExitCode == 0, published.Output);
        await _sink.WaitForAcceptedAsync(p => p.Contains("21.5"), "the reading sent by mosquitto_pub");
    }

    [Fact]
    public async Task A_zero_length_client_id_with_a_clean_session_gets_one_assigned_for_mqtt_3_1_1_clients_mosquitto_pub_included()
    {
        // mosquitto_pub's default: MQTT 3.1.1, no -i, clean session (MQTT 3.1.1 section 3.1.3.1 lets the server assign).
        var published = await MosquittoClientAsync(
            "mosquitto_pub", "-h", "127.0.0.1", "-p", $"{Port}", "-u", TestLogins.Device, "-P", TestLogins.PasswordOf(TestLogins.Device),
            "-q", "1", "-t", $"{Prefix}/users/{TestLogins.Device}/in/sensor/hall_temp", "-m", "19.25");
        Assert.True(published.ExitCode == 0, published.Output);
        await _sink.WaitForAcceptedAsync(p => p.Contains("19.25"), "the reading sent by mosquitto_pub over MQTT 3.1.1");

        Assert.Equal(0, await RawConnect311ReturnCodeAsync(cleanSession: true));
    }

    [Fact]
    public async Task A_zero_length_client_id_asking_to_resume_a_session_is_refused_for_mqtt_3_1_1_clients()
    {
        // Section 3.1.3.1: without a clean session a client must name the session it resumes. MQTTnet's decoder drops
        // such a CONNECT and closes the connection before a CONNACK (0x02) could be sent: refused either way, never
        // accepted. Written as raw bytes: MQTTnet's and Mosquitto's clients refuse to send this CONNECT at all.
        Assert.NotEqual(0, await RawConnect311ReturnCodeAsync(cleanSession: false));
    }

    [Fact]
    public async Task The_daemons_client_id_cannot_be_taken_and_the_daemon_keeps_its_session()
    {
        var daemonClientId = _broker!.DaemonLogin["Tmo:Mqtt:ClientId"]!;

        Assert.Equal(MqttClientConnectResultCode.ClientIdentifierNotValid, await ConnectResultAsync(TestLogins.Device, TestLogins.PasswordOf(TestLogins.Device), daemonClientId));
        Assert.Equal(MqttClientConnectResultCode.ClientIdentifierNotValid, await ConnectResultAsync(TestLogins.Console, TestLogins.PasswordOf(TestLogins.Console), daemonClientId));

        // Still the same connection: no takeover, no reconnect.
        Assert.True(_daemon!.Counters.IsConnected);
        Assert.Equal(0, _daemon.Counters.Reconnects);
        await using var device = await Devices.ConnectBareAsync(Port, $"device-{_deviceId}");
        Assert.Equal(MqttClientPublishReasonCode.Success, await device.PublishToAsync($"{Prefix}/users/{TestLogins.Device}/in/prompt", "after"));
        await _sink.WaitForAcceptedAsync(p => p.Contains("after"), "a prompt after the attempts");
    }

    [Fact]
    public async Task A_client_id_another_account_holds_a_session_under_cannot_be_taken_over()
    {
        var clientId = $"kitchen-{_deviceId}";
        await using var owner = await Devices.ConnectBareAsync(Port, clientId, TestLogins.Device, persistentSession: true);

        Assert.Equal(MqttClientConnectResultCode.ClientIdentifierNotValid, await ConnectResultAsync(TestLogins.OtherDevice, TestLogins.PasswordOf(TestLogins.OtherDevice), clientId));
        Assert.True(owner.IsConnected);
    }

    [Fact]
    public async Task A_device_sends_feedback_into_its_own_branch_only_and_the_daemon_receives_it()
    {
        await using var device = await Devices.ConnectBareAsync(Port, $"device-{_deviceId}");
        var own = $"{Prefix}/users/{TestLogins.Device}";

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await device.PublishToAsync($"{Prefix}/users/{TestLogins.OtherDevice}/in/feedback", "rating-as-b"));
        Assert.Equal(MqttClientPublishReasonCode.Success, await device.PublishToAsync($"{own}/in/feedback", "my-rating"));

        await _sink.WaitForAcceptedAsync(p => p.Contains("my-rating"), "the device's own feedback");
        Assert.Equal(["my-rating"], _sink.Deliveries.Select(RecordingSink.Text));
    }

    [Fact]
    public async Task A_device_publishes_only_into_its_own_branch_and_each_refusal_is_announced_to_it()
    {
        await using var console = await Devices.ConnectBareAsync(Port, $"console-{_deviceId}", TestLogins.Console);
        await console.SubscribeAsync($"{Prefix}/#");
        await using var device = await Devices.ConnectBareAsync(Port, $"device-{_deviceId}");
        await device.SubscribeAsync($"{Prefix}/users/{TestLogins.Device}/error");
        var own = $"{Prefix}/users/{TestLogins.Device}";

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await device.PublishToAsync($"{Prefix}/cmd/budget", """{"dailyCapUsd":1000000}"""));
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await device.PublishToAsync($"{Prefix}/users/{TestLogins.OtherDevice}/in/prompt", "as-b"));
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await device.PublishToAsync($"{Prefix}/in/prompt", "old-topic"));
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await device.PublishToAsync($"{own}/out/response", "forged-answer"));
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await device.PublishToAsync($"{Prefix}/status", "offline"));
        Assert.Equal(MqttClientPublishReasonCode.Success, await device.PublishToAsync($"{own}/in/prompt", "mine"));

        await _sink.WaitForAcceptedAsync(p => p.Contains("mine"), "the device's own prompt");
        Assert.Equal(["mine"], _sink.Deliveries.Select(RecordingSink.Text));
        await device.WaitForAsync(m => m.Topic == $"{own}/error" && m.Payload.Contains("/status", StringComparison.Ordinal), "the last refusal on the device's own error");
        var errors = device.Received.Where(m => m.Topic == $"{own}/error")
            .Select(m => JsonSerializer.Deserialize(m.Payload, ContractJsonContext.Default.ErrorMessage)!).ToList();
        Assert.Equal(5, errors.Count);
        Assert.All(errors, e => Assert.Contains($"may publish only {own}/in/#", e.Reason, StringComparison.Ordinal));
        await console.WaitForAsync(m => m.Topic == $"{Prefix}/error" && m.Payload.Contains("/status", StringComparison.Ordinal), "the refusals on the console's error");
        Assert.DoesNotContain(console.Received, m => m.Topic == $"{Prefix}/cmd/budget" || m.Payload is "as-b" or "forged-answer" or "offline");
    }

    [Fact]
    public async Task The_console_sends_commands_but_cannot_publish_as_a_device()
    {
        await using var console = await Devices.ConnectBareAsync(Port, $"console-{_deviceId}", TestLogins.Console);

        Assert.Equal(MqttClientPublishReasonCode.Success, await console.PublishToAsync($"{Prefix}/cmd/reload", "from-console"));
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await console.PublishToAsync($"{Prefix}/users/{TestLogins.Device}/in/prompt", "as-device"));

        await _sink.WaitForAcceptedAsync(p => p.Contains("from-console"), "the console's reload");
        Assert.Equal(["from-console"], _sink.Deliveries.Select(RecordingSink.Text));
    }

    [Theory]
    [InlineData("#", false)]
    [InlineData("tmo/#", false)]
    [InlineData("{prefix}/#", false)]
    [InlineData("{prefix}/users/+/out/response", false)]
    [InlineData("{prefix}/users/#", false)]
    [InlineData("{prefix}/users/device-b/#", false)]
    [InlineData("{prefix}/error", false)]
    [InlineData("{prefix}/out/decision", false)]
    [InlineData("{prefix}/users/device-a/#", true)]
    [InlineData("{prefix}/users/device-a/out/response", true)]
    [InlineData("{prefix}/status", true)]
    [InlineData("{prefix}/telemetry", true)]
    public async Task A_device_reads_only_its_own_branch_and_the_daemons_public_topics(string filter, bool allowed)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", Port)
            .WithCredentials(TestLogins.Device, TestLogins.PasswordOf(TestLogins.Device))
            .Build());

        var result = await client.SubscribeAsync(filter.Replace("{prefix}", Prefix, StringComparison.Ordinal), MqttQualityOfServiceLevel.AtLeastOnce);

        Assert.Equal(allowed ? MqttClientSubscribeResultCode.GrantedQoS1 : MqttClientSubscribeResultCode.NotAuthorized, Assert.Single(result.Items).ResultCode);
    }

    [Fact]
    public async Task An_account_added_or_removed_while_the_broker_runs_applies_at_the_next_connect()
    {
        var accounts = Path.Join(Directory.CreateTempSubdirectory("tmo-accounts-").FullName, "mqtt-accounts");
        File.Copy(TestLogins.AccountsFile, accounts);
        await using var broker = await EmbeddedBrokerUnderTest.StartNewAsync($"{_deviceId}x", accountsFile: accounts);

        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await ConnectResultAsync("garden", "g-secret", port: broker.Port));
        await MqttPasswordFile.Parse(await File.ReadAllLinesAsync(accounts), accounts).With("garden", "g-secret").SaveAsync(accounts, CancellationToken.None);
        Assert.Equal(MqttClientConnectResultCode.Success, await ConnectResultAsync("garden", "g-secret", port: broker.Port));
        await MqttPasswordFile.Parse(await File.ReadAllLinesAsync(accounts), accounts).Without("garden").SaveAsync(accounts, CancellationToken.None);
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await ConnectResultAsync("garden", "g-secret", port: broker.Port));
    }

    /// <summary>An MQTT 3.1.1 CONNECT (section 3.1) with a zero-length client id and the device's login; the CONNACK's return code, -1 when closed without one.</summary>
    private async Task<int> RawConnect311ReturnCodeAsync(bool cleanSession)
    {
        static byte[] Utf8Field(string value) =>
            [(byte)(Encoding.UTF8.GetByteCount(value) >> 8), (byte)Encoding.UTF8.GetByteCount(value), .. Encoding.UTF8.GetBytes(value)];

        byte flags = (byte)(0x80 | 0x40 | (cleanSession ? 0x02 : 0));
        byte[] body =
        [
            .. Utf8Field("MQTT"), 4, flags, 0, 60,
            .. Utf8Field(string.Empty),
            .. Utf8Field(TestLogins.Device),
            .. Utf8Field(TestLogins.PasswordOf(TestLogins.Device)),
        ];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, Port, timeout.Token);
        var stream = socket.GetStream();
        await stream.WriteAsync((byte[])[0x10, (byte)body.Length, .. body], timeout.Token);
        var connAck = new byte[4];
        if (await stream.ReadAtLeastAsync(connAck, connAck.Length, throwOnEndOfStream: false, timeout.Token) < connAck.Length)
        {
            return -1; // closed without a CONNACK
        }

        Assert.Equal([0x20, 2], connAck[..2]);
        return connAck[3];
    }

    private async Task<MqttClientConnectResultCode> ConnectResultAsync(string? userName, string? password, string? clientId = null, int? port = null)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port ?? Port)
            .WithClientId(clientId ?? $"probe-{Guid.NewGuid():N}");
        if (userName is not null)
        {
            builder.WithCredentials(userName, password);
        }

        // MQTTnet 5 reports a refused CONNECT in its result rather than as an exception.
        return (await client.ConnectAsync(builder.Build())).ResultCode;
    }

    private static async Task<(int ExitCode, string Output)> MosquittoClientAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
