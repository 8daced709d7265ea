using Tmo.Edge.Daemon.Tests.Mqtt;

namespace Tmo.Edge.Daemon.Tests.EndToEnd;

/// <summary>The Prometheus endpoint over real HTTP, after real traffic.</summary>
public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_count_decisions_messages_and_rejections()
    {
        var port = FreePort.Next();
        await using var daemon = await DaemonHost.StartAsync(new Dictionary<string, string?>
        {
            ["Tmo:Metrics:Enabled"] = "true",
            ["Tmo:Metrics:Port"] = port.ToString(),
        });
        await using var device = await Devices.ConnectAsync(daemon.BrokerPort, daemon.DeviceId);
        await device.PromptAsync("metrics-1", "Where did I put my dishes?", "Query");
        await device.PublishAsync("in/prompt", "not json");
        await device.ResponseAsync("metrics-1", 1);
        await Eventually.ReturnsAsync(() => device.Errors.Count > 0 ? device.Errors : null);

        using var http = new HttpClient();
        var metrics = new Uri($"http://127.0.0.1:{port}/metrics");
        // The response reaches the device before the broker's acknowledgement reaches the daemon, which observes then.
        var text = await Eventually.ReturnsAsync(async () =>
        {
            var scraped = await http.GetStringAsync(metrics);
            return scraped.Contains("tmo_daemon_added_latency_seconds_count 1", StringComparison.Ordinal) ? scraped : null;
        });

        Assert.Matches(@"tmo_decisions_total\{location=""(local|cloud)"",action=""\d""\} 1", text);
        Assert.Contains("tmo_mqtt_received_total 2", text, StringComparison.Ordinal);
        Assert.Contains("tmo_mqtt_rejected_total 1", text, StringComparison.Ordinal);
        Assert.Contains("tmo_decision_seconds_count 1", text, StringComparison.Ordinal);
        Assert.Contains("tmo_daily_cloud_budget_remaining_usd", text, StringComparison.Ordinal);
        // The journal has an open connection with a page cache, and the GC a heap: neither owner can read zero.
        Assert.True(Gauge(text, "tmo_sqlite_memory_bytes") > 0);
        Assert.True(Gauge(text, "tmo_gc_committed_bytes") > 0);
        // The daemon's own code ran compiled by the JIT (at least the parts ReadyToRun cannot precompile).
        Assert.True(Gauge(text, "tmo_jit_compiled_methods_total") > 0);
        Assert.True(Gauge(text, "tmo_jit_compilation_seconds_total") > 0);
    }

    private static double Gauge(string metricsText, string name) =>
        double.Parse(
            metricsText.Split('\n').Single(l => l.StartsWith(name + " ", StringComparison.Ordinal))[(name.Length + 1)..],
            System.Globalization.CultureInfo.InvariantCulture);
}
