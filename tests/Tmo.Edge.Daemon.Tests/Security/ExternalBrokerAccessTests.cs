using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using Tmo.Edge.Daemon.Dialogues;
using Tmo.Edge.Daemon.Mqtt;
using Tmo.Edge.Daemon.Tests.EndToEnd;
using Tmo.Edge.Daemon.Tests.Mqtt;
using Tmo.Edge.Data.Settings;
using Xunit.Abstractions;

namespace Tmo.Edge.Daemon.Tests.Security;

/// <summary>
/// The daemon on an external Mosquitto as a site would run it: TLS with a private CA, an account per client, and an
/// ACL that reserves `cmd/#` for the console's account.
/// </summary>
public sealed class ExternalBrokerAccessTests(ITestOutputHelper output)
{
    private const string Question = "Where did I put my dishes?";

    private readonly string _deviceId = $"sec-{Guid.NewGuid():N}"[..12];

    [Fact]
    public async Task The_daemon_answers_over_tls_with_its_own_broker_account_and_stays_healthy()
    {
        await using var broker = await SecuredMosquitto.StartAsync();
        var metricsPort = FreePort.Next();
        await using var daemon = await StartDaemonAsync(broker, metricsPort);
        await using var auditor = await Devices.ConnectAsync(broker.OptionsFor(SecuredMosquitto.AuditorUser), _deviceId, "#");
        await using var device = await ConnectDeviceAsync(broker);

        var dialogues = Enumerable.Range(0, 5).Select(i => $"tls-{i}").ToArray();
        foreach (var dialogue in dialogues)
        {
            Assert.Equal(MqttClientPublishReasonCode.Success, await device.PromptAsync(dialogue, Question, "Query"));
        }

        await SessionInvariants.AssertHeldAsync(daemon, auditor, dialogues, metricsPort);
        // The device's own account may read its answers.
        await Eventually.ReturnsAsync(() => dialogues.All(d => device.Responses.Any(r => r.DialogueId == d)) ? device : null);
        Assert.Contains($"u'{SecuredMosquitto.DaemonUser}'", broker.Output, StringComparison.Ordinal);

        // No account, no entry: the broker accepts no anonymous client.
        var anonymous = broker.OptionsFor(SecuredMosquitto.DeviceUser);
        anonymous.Username = null;
        anonymous.PasswordFile = null;
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => Devices.ConnectAsync(anonymous, _deviceId));
        output.WriteLine($"anonymous client: {refused.Message}");
    }

    [Fact]
    public async Task A_wrong_broker_password_is_refused_with_a_clear_log_and_the_corrected_file_is_used_at_the_next_attempt()
    {
        await using var broker = await SecuredMosquitto.StartAsync();
        var passwordFile = broker.Accounts[SecuredMosquitto.DaemonUser].PasswordFile;
        var rightPassword = await File.ReadAllTextAsync(passwordFile);
        var wrongPassword = $"mqtt-wrong-{Guid.NewGuid():N}";
        await File.WriteAllTextAsync(passwordFile, wrongPassword);
        var logs = new RecordingLoggerProvider(output);
        var metricsPort = FreePort.Next();
        await using var daemon = await StartDaemonAsync(broker, metricsPort, logs);
        await using var auditor = await Devices.ConnectAsync(broker.OptionsFor(SecuredMosquitto.AuditorUser), _deviceId, "#");

        var refused = await Eventually.ReturnsAsync(
            () => logs.Entries.FirstOrDefault(e => e.EventName == "ConnectFailed" && e.Message.Contains("attempt 2", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(20));
        output.WriteLine($"refusal logged as: {refused.Message}");
        Assert.Contains("refused", refused.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("NotAuthorized", refused.Message.Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        Assert.Contains(SecuredMosquitto.DaemonUser, refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(auditor.Texts("status"), status => status == MqttConnection.Online);
        Assert.All(logs.Entries, e => Assert.DoesNotContain(wrongPassword, e.ToString(), StringComparison.Ordinal));

        // A rotated credential: the daemon reads the file again at its next attempt, no restart.
        await File.WriteAllTextAsync(passwordFile, rightPassword);
        await using var device = await ConnectDeviceAsync(broker);
        Assert.Equal(MqttClientPublishReasonCode.Success, await device.PromptAsync("after-rotation", Question, "Query"));
        await SessionInvariants.AssertHeldAsync(daemon, auditor, ["after-rotation"], metricsPort);
    }

    [Fact]
    public async Task A_broker_certificate_from_another_ca_is_refused_and_nothing_is_sent_to_it()
    {
        await using var broker = await SecuredMosquitto.StartAsync();
        var otherCa = BrokerCertificates.Create(Path.GetDirectoryName(broker.Certificates.CaFile)!, "impostor");
        var logs = new RecordingLoggerProvider(output);
        var settings = broker.DaemonSettings();
        settings["Tmo:Mqtt:CaCertificateFile"] = otherCa.CaFile;
        await using var daemon = await DaemonHost.StartAsync(WithTestDefaults(settings, FreePort.Next()), logs: logs);

        var refused = await Eventually.ReturnsAsync(
            () => logs.Entries.FirstOrDefault(e => e.EventName == "ConnectFailed" && e.Message.Contains("attempt 2", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(20));
        output.WriteLine($"refusal logged as: {refused.Message}");
        Assert.Contains("certificate", refused.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(logs.Entries, e => e.EventName == "Connected");
        // The TLS handshake failed before CONNECT: the broker never saw the daemon's user name, let alone its password.
        Assert.DoesNotContain($"u'{SecuredMosquitto.DaemonUser}'", broker.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broker_certificate_from_the_right_ca_but_for_another_host_is_refused()
    {
        await using var broker = await SecuredMosquitto.StartAsync(certificateHost: "broker.elsewhere.example");
        var logs = new RecordingLoggerProvider(output);
        await using var daemon = await DaemonHost.StartAsync(WithTestDefaults(broker.DaemonSettings(), FreePort.Next()), logs: logs);

        var refused = await Eventually.ReturnsAsync(
            () => logs.Entries.FirstOrDefault(e => e.EventName == "ConnectFailed" && e.Message.Contains("attempt 2", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(20));
        output.WriteLine($"refusal logged as: {refused.Message}");
        Assert.DoesNotContain(logs.Entries, e => e.EventName == "Connected");
        Assert.DoesNotContain($"u'{SecuredMosquitto.DaemonUser}'", broker.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_device_cannot_change_the_budget_the_broker_denies_and_logs_its_command()
    {
        await using var broker = await SecuredMosquitto.StartAsync();
        var metricsPort = FreePort.Next();
        await using var daemon = await StartDaemonAsync(broker, metricsPort);
        await using var auditor = await Devices.ConnectAsync(broker.OptionsFor(SecuredMosquitto.AuditorUser), _deviceId, "#");
        await using var device = await ConnectDeviceAsync(broker);
        var budgets = daemon.Services.GetRequiredService<BudgetSettings>();
        var before = budgets.Dialogue;

        var result = await device.PublishAsync("cmd/budget", """{"latencyS":1000,"usageUsd":50,"dailyCapUsd":1000}""");

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, result);
        await Eventually.ReturnsAsync(
            () => broker.Output.Contains($"Denied PUBLISH from {SecuredMosquitto.DeviceUser}", StringComparison.Ordinal) ? broker.Output : null);
        Assert.Contains($"'tmo/{_deviceId}/cmd/budget'", broker.Output, StringComparison.Ordinal);
        // A prompt sent after the command is answered under the old budget: the command never reached the daemon.
        Assert.Equal(MqttClientPublishReasonCode.Success, await device.PromptAsync("after-denied", Question, "Query"));
        await SessionInvariants.AssertHeldAsync(daemon, auditor, ["after-denied"], metricsPort);
        Assert.Equal(before, budgets.Dialogue);
        var response = Assert.Single(auditor.Responses);
        Assert.Equal(before.LatencyS - (response.LatencyMs / 1000), response.Remaining.LatencyS, precision: 6);
        Assert.DoesNotContain(auditor.Received, m => m.Topic.EndsWith("/cmd/budget", StringComparison.Ordinal));
        Assert.Null(await daemon.Services.GetRequiredService<SettingsStore>().GetAsync(BudgetSettings.LatencyKey, CancellationToken.None));
    }

    [Fact]
    public async Task A_budget_command_from_the_console_account_is_applied_without_a_restart()
    {
        await using var broker = await SecuredMosquitto.StartAsync();
        var metricsPort = FreePort.Next();
        await using var daemon = await StartDaemonAsync(broker, metricsPort);
        await using var auditor = await Devices.ConnectAsync(broker.OptionsFor(SecuredMosquitto.AuditorUser), _deviceId, "#");
        await using var console = await Devices.ConnectAsync(broker.OptionsFor(SecuredMosquitto.ConsoleUser), _deviceId, "error");
        await using var device = await ConnectDeviceAsync(broker);
        var budgets = daemon.Services.GetRequiredService<BudgetSettings>();

        Assert.Equal(MqttClientPublishReasonCode.Success, await console.PublishAsync("cmd/budget", """{"latencyS":12.5,"usageUsd":0.02}"""));

        await Eventually.ReturnsAsync(() => budgets.Dialogue.LatencyS == 12.5 ? budgets : null);
        Assert.Equal(0.02, budgets.Dialogue.UsageUsd);
        Assert.Equal(
            12.5.ToString("R", CultureInfo.InvariantCulture),
            await daemon.Services.GetRequiredService<SettingsStore>().GetAsync(BudgetSettings.LatencyKey, CancellationToken.None));
        Assert.Equal(MqttClientPublishReasonCode.Success, await device.PromptAsync("after-console", Question, "Query"));
        await SessionInvariants.AssertHeldAsync(daemon, auditor, ["after-console"], metricsPort);
        var response = Assert.Single(auditor.Responses);
        Assert.Equal(12.5 - (response.LatencyMs / 1000), response.Remaining.LatencyS, precision: 6);
        Assert.Empty(console.Errors);
    }

    private async Task<DaemonHost> StartDaemonAsync(Mosquitto broker, int metricsPort, RecordingLoggerProvider? logs = null) =>
        await DaemonHost.StartAsync(WithTestDefaults(broker.DaemonSettings(), metricsPort), logs: logs ?? new RecordingLoggerProvider(output));

    private Dictionary<string, string?> WithTestDefaults(Dictionary<string, string?> settings, int metricsPort)
    {
        settings["Tmo:DeviceId"] = _deviceId;
        settings["Tmo:Mqtt:ClientId"] = $"daemon-{_deviceId}";
        settings["Tmo:Metrics:Enabled"] = "true";
        settings["Tmo:Metrics:Port"] = metricsPort.ToString(CultureInfo.InvariantCulture);
        return settings;
    }

    /// <summary>The device account, once the daemon's retained `online` is there to read.</summary>
    private async Task<DeviceClient> ConnectDeviceAsync(Mosquitto broker)
    {
        var device = await Devices.ConnectAsync(broker.OptionsFor(SecuredMosquitto.DeviceUser), _deviceId, "out/#", "error", "status");
        await Eventually.ReturnsAsync(() => device.Texts("status").LastOrDefault() == MqttConnection.Online ? device : null, TimeSpan.FromSeconds(30));
        return device;
    }
}
