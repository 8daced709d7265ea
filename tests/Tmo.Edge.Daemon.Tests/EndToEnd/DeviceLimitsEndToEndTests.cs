using System.Text.Json;
using MQTTnet;
using Microsoft.Extensions.DependencyInjection;
using Tmo.Edge.Core.Telemetry;
using Tmo.Edge.Daemon.Telemetry;
using Tmo.Edge.Daemon.Tests.Mqtt;
using Tmo.Edge.Data.Settings;

namespace Tmo.Edge.Daemon.Tests.EndToEnd;

/// <summary>Device limits changed while the daemon runs (console Budgets page, `cmd/budget`) gate the local LLM at once.</summary>
public sealed class DeviceLimitsEndToEndTests
{
    [Fact]
    public async Task A_lower_thermal_limit_saved_by_the_console_masks_the_local_llm_after_cmd_reload_without_a_restart()
    {
        await using var daemon = await StartWarmDeviceAsync();
        await using var device = await Devices.ConnectAsync(daemon.BrokerPort, daemon.DeviceId);
        await using var console = await Devices.ConnectBareAsync(daemon.BrokerPort, "console-limits", username: Brokers.ConsoleUser);
        var telemetry = daemon.Services.GetRequiredService<TelemetryState>();
        await Eventually.ReturnsAsync(() => telemetry.Latest, TimeSpan.FromSeconds(10));

        await device.PromptAsync("warm-1", "Where did I put my dishes?", "Query");
        var before = await device.ResponseAsync("warm-1", 1);
        Assert.DoesNotContain(before.Decision.Masked, m => m.Reason.StartsWith("thermal:", StringComparison.Ordinal));

        // What the console's Budgets page does on save: store the setting (audited), then cmd/reload.
        await daemon.Services.GetRequiredService<SettingsStore>().SetAsync(SettingKeys.ThermalLimitC, "70", "console:admin", CancellationToken.None);
        Assert.Equal(MqttClientPublishReasonCode.Success, await console.PublishToAsync("tmo/test1/cmd/reload", "{}"));
        await Eventually.ReturnsAsync(() => telemetry.LocalUnavailable, TimeSpan.FromSeconds(10));

        await device.PromptAsync("warm-2", "Where did I put my dishes?", "Query");
        var after = await device.ResponseAsync("warm-2", 1);

        Assert.NotEqual(0, after.Decision.Action);
        Assert.Contains(after.Decision.Masked, m => m.Action == 0 && m.Reason == "thermal: tj 75.0 C >= 70 C");
    }

    [Fact]
    public async Task A_thermal_limit_sent_with_cmd_budget_is_stored_and_applied()
    {
        await using var daemon = await StartWarmDeviceAsync();
        await using var device = await Devices.ConnectAsync(daemon.BrokerPort, daemon.DeviceId);
        await using var console = await Devices.ConnectBareAsync(daemon.BrokerPort, "console-budget", username: Brokers.ConsoleUser);
        var telemetry = daemon.Services.GetRequiredService<TelemetryState>();

        Assert.Equal(MqttClientPublishReasonCode.Success, await console.PublishToAsync("tmo/test1/cmd/budget", """{"thermalLimitC":72.5}"""));

        var reason = await Eventually.ReturnsAsync(() => telemetry.LocalUnavailable, TimeSpan.FromSeconds(10));
        Assert.Equal("thermal: tj 75.0 C >= 72.5 C", reason);
        Assert.Equal("72.5", await daemon.Services.GetRequiredService<SettingsStore>().GetAsync(SettingKeys.ThermalLimitC, CancellationToken.None));
    }

    /// <summary>The daemon with a trace that holds the SoC at 75 C: under the configured 85 C limit.</summary>
    private static async Task<DaemonHost> StartWarmDeviceAsync()
    {
        var trace = Path.GetTempFileName();
        var warm = TelemetrySample.Empty("jetson") with
        {
            PowerW = 12,
            TemperaturesC = new Dictionary<string, double> { ["cpu-thermal"] = 71, ["tj-thermal"] = 75 },
            MemoryAvailableMB = 20000,
        };
        await File.WriteAllTextAsync(trace, JsonSerializer.Serialize(warm, TelemetryJsonContext.Default.TelemetrySample));
        return await DaemonHost.StartAsync(new Dictionary<string, string?>
        {
            ["Tmo:Telemetry:Enabled"] = "true",
            ["Tmo:Telemetry:Source"] = "trace",
            ["Tmo:Telemetry:TracePath"] = trace,
            ["Tmo:Telemetry:IntervalS"] = "0.1",
            ["Tmo:Telemetry:ThrottleC"] = "85",
            ["Tmo:Mqtt:ConsoleUsername"] = Brokers.ConsoleUser,
        });
    }
}
