using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Core.Options;
using Tmo.Edge.Daemon.Mqtt;
using Tmo.Edge.Daemon.Tests.EndToEnd;
using Tmo.Edge.Daemon.Tests.Mqtt;
using Xunit.Abstractions;

namespace Tmo.Edge.Daemon.Tests.Security;

/// <summary>The embedded broker's console-only rule for `cmd/*`: a refusal is logged and answered on `error`, like every rejected message.</summary>
public sealed class EmbeddedBrokerCommandTests(ITestOutputHelper output)
{
    private readonly string _deviceId = $"emb-{Guid.NewGuid():N}"[..12];

    [Fact]
    public async Task A_command_from_another_user_is_refused_logged_and_answered_on_error()
    {
        var port = FreePort.Next();
        var logs = new RecordingLoggerProvider(output);
        using var loggers = LoggerFactory.Create(builder => builder.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        var options = new MqttOptions { EmbeddedAddress = "127.0.0.1", EmbeddedPort = port, ConsoleUsername = Brokers.ConsoleUser };
        using var broker = new EmbeddedBroker(
            Options.Create(options), Options.Create(new DaemonIdentityOptions { DeviceId = _deviceId }), TimeProvider.System, loggers.CreateLogger<EmbeddedBroker>());
        await broker.StartAsync(CancellationToken.None);
        try
        {
            var prefix = $"tmo/{_deviceId}";
            await using var observer = await TestClient.ConnectAsync(port, $"observer-{_deviceId}", username: Brokers.ConsoleUser);
            await observer.SubscribeAsync($"{prefix}/#");
            await using var kiosk = await TestClient.ConnectAsync(port, $"kiosk-{_deviceId}", username: "kiosk");
            var payload = """{"dailyCapUsd":1000}""";

            Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await kiosk.PublishAsync($"{prefix}/cmd/budget", payload));

            var logged = Assert.Single(logs.Entries, e => e.EventName == "CommandRefused");
            Assert.Equal(LogLevel.Warning, logged.Level);
            Assert.Contains($"{prefix}/cmd/budget", logged.Message, StringComparison.Ordinal);
            Assert.Contains("kiosk", logged.Message, StringComparison.Ordinal);
            await observer.WaitForAsync(m => m.Topic == $"{prefix}/error", "the refusal on error");
            var error = Assert.Single(observer.Received, m => m.Topic == $"{prefix}/error");
            var message = JsonSerializer.Deserialize(error.Payload, ContractJsonContext.Default.ErrorMessage)!;
            Assert.Equal($"{prefix}/cmd/budget", message.Topic);
            Assert.Contains(CommandAccessControl.Reason, message.Reason, StringComparison.Ordinal);
            Assert.Contains("'kiosk'", message.Reason, StringComparison.Ordinal);
            Assert.Equal(payload.Length, message.Bytes);
            Assert.DoesNotContain(observer.Received, m => m.Topic == $"{prefix}/cmd/budget");

            // The console's own command still goes through, and the broker keeps serving after the refusal.
            Assert.Equal(MqttClientPublishReasonCode.Success, await observer.PublishAsync($"{prefix}/cmd/budget", payload));
            await observer.WaitForAsync(m => m.Topic == $"{prefix}/cmd/budget", "the console's command");
            Assert.Single(logs.Entries, e => e.EventName == "CommandRefused");
        }
        finally
        {
            await broker.StopAsync(CancellationToken.None);
        }
    }
}
