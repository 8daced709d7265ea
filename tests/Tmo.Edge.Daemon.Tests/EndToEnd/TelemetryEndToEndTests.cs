using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tmo.Edge.Core.Telemetry;
using Tmo.Edge.Daemon.Tests.Mqtt;
using Tmo.Edge.Data;

namespace Tmo.Edge.Daemon.Tests.EndToEnd;

/// <summary>The daemon with the trace source: telemetry on the bus, Home Assistant discovery, the stored series and the mask.</summary>
public sealed class TelemetryEndToEndTests
{
    [Fact]
    public async Task An_overheated_device_publishes_telemetry_announces_its_sensors_stores_the_series_and_masks_the_local_llm()
    {
        var trace = Path.GetTempFileName();
        var hot = TelemetrySample.Empty("jetson") with
        {
            PowerW = 31.5,
            TemperaturesC = new Dictionary<string, double> { ["cpu-thermal"] = 88, ["tj-thermal"] = 91 },
            MemoryAvailableMB = 20000,
        };
        await File.WriteAllTextAsync(trace, JsonSerializer.Serialize(hot, TelemetryJsonContext.Default.TelemetrySample));
        await using var daemon = await DaemonHost.StartAsync(new Dictionary<string, string?>
        {
            ["Tmo:Telemetry:Enabled"] = "true",
            ["Tmo:Telemetry:Source"] = "trace",
            ["Tmo:Telemetry:TracePath"] = trace,
            ["Tmo:Telemetry:IntervalS"] = "0.2",
            ["Tmo:Telemetry:PersistIntervalS"] = "1",
        });
        await using var watcher = await Devices.ConnectBareAsync(daemon.BrokerPort, "telemetry-watcher", TestLogins.Console);
        await watcher.SubscribeAsync("tmo/test1/telemetry");
        await watcher.SubscribeAsync("homeassistant/sensor/#");
        await using var device = await Devices.ConnectAsync(daemon.BrokerPort, daemon.DeviceId);

        await watcher.WaitForAsync(m => m.Topic == "tmo/test1/telemetry" && m.Payload.Contains("\"tj-thermal\":91.0", StringComparison.Ordinal), "a telemetry sample");
        await watcher.WaitForAsync(
            m => m.Topic == "homeassistant/sensor/tmo_edge_test1/soc_temperature/config"
                && m.Payload.Contains("\"availability_topic\":\"tmo/test1/status\"", StringComparison.Ordinal)
                && m.Payload.Contains("value_json.temperaturesC['tj-thermal']", StringComparison.Ordinal),
            "the SoC temperature discovery config");
        await watcher.WaitForAsync(m => m.Topic == "homeassistant/sensor/tmo_edge_test1/power/config", "the power discovery config");

        await device.PromptAsync("hot-kitchen", "Where did I put my dishes?", "Query");
        var response = await device.ResponseAsync("hot-kitchen", 1);

        Assert.NotEqual(0, response.Decision.Action);
        Assert.Contains(response.Decision.Masked, m => m.Action == 0 && m.Reason == "thermal: tj 91.0 C >= 85 C");

        var contexts = daemon.Services.GetRequiredService<IDbContextFactory<TmoEdgeDbContext>>();
        var stored = await Eventually.ReturnsAsync(
            async () =>
            {
                await using var db = await contexts.CreateDbContextAsync();
                return await db.TelemetrySamples.FirstOrDefaultAsync(s => s.Metric == "temperature_c:tj-thermal");
            },
            TimeSpan.FromSeconds(10));
        Assert.Equal(91, stored.Value);
    }
}
