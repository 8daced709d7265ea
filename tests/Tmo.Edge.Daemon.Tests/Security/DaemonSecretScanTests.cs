using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using Tmo.Edge.Core.Telemetry;
using Tmo.Edge.Daemon.Telemetry;
using Tmo.Edge.Daemon.Tests.EndToEnd;
using Tmo.Edge.Daemon.Tests.Mqtt;
using Tmo.Edge.Daemon.Tests.Runners.Cloud;
using Tmo.Edge.Data;
using Xunit.Abstractions;

namespace Tmo.Edge.Daemon.Tests.Security;

/// <summary>
/// The daemon's secrets (the cloud API key, its broker password) and the other accounts' broker passwords appear in
/// none of its outputs: log lines, the database (its log table and the raw SQLite files, WAL included) and every
/// message on the bus, after a session with answers from the cloud, cloud failures, bad messages and refused commands.
/// </summary>
public sealed class DaemonSecretScanTests(ITestOutputHelper output)
{
    private const string Question = "Where did I put my dishes?";

    private readonly string _deviceId = $"scan-{Guid.NewGuid():N}"[..12];

    [Fact]
    public async Task No_secret_reaches_the_logs_the_database_or_the_bus_in_a_session_with_errors()
    {
        await using var broker = await SecuredMosquitto.StartAsync();
        await using var endpoint = new FakeChatEndpoint { Next = FakeChatEndpoint.Reply.Answer("From the cloud.", 90, 4) };
        var apiKey = $"sk-tmo-secret-{Guid.NewGuid():N}";
        var keyFile = Path.Combine(Path.GetDirectoryName(broker.Certificates.CaFile)!, "cloud-api-key");
        await File.WriteAllTextAsync(keyFile, apiKey + "\n");
        var metricsPort = FreePort.Next();
        var settings = broker.DaemonSettings();
        settings["Tmo:DeviceId"] = _deviceId;
        settings["Tmo:Mqtt:ClientId"] = $"daemon-{_deviceId}";
        settings["Tmo:Metrics:Enabled"] = "true";
        settings["Tmo:Metrics:Port"] = metricsPort.ToString(CultureInfo.InvariantCulture);
        settings["Tmo:CloudLlm:BaseUrl"] = endpoint.BaseUrl;
        settings["Tmo:CloudLlm:Model"] = "edge-test";
        settings["Tmo:CloudLlm:ApiKeyFile"] = keyFile;
        settings["Tmo:CloudLlm:MaxRetries"] = "0";
        // A device too hot for its local LLM (tj above the throttle limit): every turn goes to the cloud, with the key.
        var trace = Path.Combine(Path.GetDirectoryName(keyFile)!, "hot-device.json");
        var hot = TelemetrySample.Empty("jetson") with { TemperaturesC = new Dictionary<string, double> { ["tj-thermal"] = 95 }, MemoryAvailableMB = 20000 };
        await File.WriteAllTextAsync(trace, JsonSerializer.Serialize(hot, TelemetryJsonContext.Default.TelemetrySample));
        settings["Tmo:Telemetry:Enabled"] = "true";
        settings["Tmo:Telemetry:Source"] = "trace";
        settings["Tmo:Telemetry:TracePath"] = trace;
        settings["Tmo:Telemetry:IntervalS"] = "0.5";
        settings["Tmo:Telemetry:ThrottleC"] = "85";
        // Room for the cloud's quoted latency with the reserve for a dialogue's later turns.
        settings["Tmo:Budgets:DialogueLatencyS"] = "120";
        var logs = new RecordingLoggerProvider(output);
        await using var daemon = await DaemonHost.StartAsync(settings, logs: logs);
        await Eventually.ReturnsAsync(() => daemon.Services.GetRequiredService<TelemetryState>().LocalUnavailable, TimeSpan.FromSeconds(10));
        await using var auditor = await Devices.ConnectAsync(broker.OptionsFor(SecuredMosquitto.AuditorUser), _deviceId, "#");
        await using var console = await Devices.ConnectAsync(broker.OptionsFor(SecuredMosquitto.ConsoleUser), _deviceId);
        await using var device = await Devices.ConnectAsync(broker.OptionsFor(SecuredMosquitto.DeviceUser), _deviceId, "out/#", "error");

        // Answers, some from the cloud with the key.
        var dialogues = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            dialogues.Add($"scan-ok-{i}");
            Assert.Equal(MqttClientPublishReasonCode.Success, await device.PromptAsync(dialogues[^1], Question, "Query"));
        }

        await Eventually.ReturnsAsync(() => dialogues.All(d => auditor.Responses.Any(r => r.DialogueId == d)) ? auditor : null, TimeSpan.FromSeconds(30));
        foreach (var response in auditor.Responses)
        {
            output.WriteLine($"{response.DialogueId}: action {response.Decision.Action} ({response.Decision.Location}), error {response.Error}, masked [{string.Join("; ", response.Decision.Masked.Select(m => $"{m.Action}: {m.Reason}"))}]");
        }

        Assert.Contains(endpoint.Requests, r => r.Authorization == $"Bearer {apiKey}");

        // Errors: the cloud failing, a malformed prompt, a device's command the broker denies, a login with a wrong password.
        endpoint.Next = FakeChatEndpoint.Reply.Error(500);
        for (var i = 0; i < 6; i++)
        {
            dialogues.Add($"scan-cloud-down-{i}");
            Assert.Equal(MqttClientPublishReasonCode.Success, await device.PromptAsync(dialogues[^1], Question, "Query"));
        }

        Assert.Equal(MqttClientPublishReasonCode.Success, await device.PublishAsync("in/prompt", "{\"dialogueId\":\"scan-bad\",\"text\":"));
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await device.PublishAsync("cmd/budget", """{"dailyCapUsd":1000}"""));
        var impostor = broker.OptionsFor(SecuredMosquitto.DeviceUser);
        impostor.PasswordFile = broker.Accounts[SecuredMosquitto.DaemonUser].PasswordFile;
        await Assert.ThrowsAnyAsync<Exception>(() => Devices.ConnectAsync(impostor, _deviceId));

        // The console's budget change, applied and audited.
        Assert.Equal(MqttClientPublishReasonCode.Success, await console.PublishAsync("cmd/budget", """{"latencyS":100,"usageUsd":0.04}"""));
        endpoint.Next = FakeChatEndpoint.Reply.Answer("From the cloud again.", 90, 4);
        dialogues.Add("scan-after");
        Assert.Equal(MqttClientPublishReasonCode.Success, await device.PromptAsync("scan-after", Question, "Query"));

        await SessionInvariants.AssertHeldAsync(daemon, auditor, dialogues, metricsPort);
        await Eventually.ReturnsAsync(() => auditor.Errors.Any(e => e.Topic.EndsWith("/in/prompt", StringComparison.Ordinal)) ? auditor : null);
        var dataDirectory = daemon.Settings["Tmo:Storage:DataDirectory"]!;
        List<Data.Records.LogEventRecord> logRows;
        await using (var db = await daemon.Services.GetRequiredService<IDbContextFactory<TmoEdgeDbContext>>().CreateDbContextAsync())
        {
            Assert.Contains(await db.AuditLog.AsNoTracking().ToListAsync(), a => a.Actor == "mqtt:cmd/budget");
        }

        // Stopped, so that buffered log rows are written and the WAL holds whatever the session left.
        await daemon.StopAsync();
        await using (var reader = NewDbContext(dataDirectory))
        {
            logRows = await reader.LogEvents.AsNoTracking().ToListAsync();
        }

        var scan = new SecretScan(new Dictionary<string, string>
        {
            ["the cloud API key"] = apiKey,
            ["the daemon's broker password"] = broker.Accounts[SecuredMosquitto.DaemonUser].Password,
            ["the console's broker password"] = broker.Accounts[SecuredMosquitto.ConsoleUser].Password,
            ["the device's broker password"] = broker.Accounts[SecuredMosquitto.DeviceUser].Password,
        });
        foreach (var entry in logs.Entries)
        {
            scan.Text($"log {entry.Category}", $"{entry.Message} {entry.Exception}");
        }

        foreach (var row in logRows)
        {
            scan.Text($"log table row {row.Id}", $"{row.Message} {row.Exception}");
        }

        scan.Files(dataDirectory);
        foreach (var (topic, payload, _) in auditor.Received)
        {
            scan.Bytes($"MQTT {topic}", payload);
            scan.Text($"MQTT topic {topic}", topic);
        }

        // Positive controls: the same scan does see each secret where it belongs (the request to the cloud, the files).
        var control = new SecretScan(new Dictionary<string, string> { ["the cloud API key"] = apiKey, ["the daemon's broker password"] = broker.Accounts[SecuredMosquitto.DaemonUser].Password });
        control.Text("the cloud request's Authorization header", endpoint.Requests[0].Authorization);
        control.Bytes("the daemon's password file", await File.ReadAllBytesAsync(broker.Accounts[SecuredMosquitto.DaemonUser].PasswordFile));
        Assert.Equal(2, control.Findings.Count);

        output.WriteLine($"{scan.Scanned} texts and files scanned: {logs.Entries.Count} log entries, {logRows.Count} log rows, {auditor.Received.Count} MQTT messages");
        Assert.NotEmpty(logRows);
        Assert.Contains(logs.Entries, e => e.Category.Contains("Cloud", StringComparison.Ordinal) || e.Message.Contains("cloud", StringComparison.OrdinalIgnoreCase));
        scan.AssertClean();
    }

    private static TmoEdgeDbContext NewDbContext(string dataDirectory) =>
        new(new DbContextOptionsBuilder<TmoEdgeDbContext>().UseSqlite(Data.Connecting.SqliteDatabase.ConnectionString(dataDirectory)).Options);
}
