using Tmo.Edge.Core.Telemetry;
using Tmo.Edge.Daemon.Telemetry;

namespace Tmo.Edge.Daemon.Tests.Telemetry;

public sealed class TelemetryWindowTests
{
    [Fact]
    public void The_stored_point_is_the_mean_of_each_reading_over_the_interval_and_unknown_readings_do_not_count()
    {
        var window = new TelemetryWindow();
        window.Add(Sample(10, 50, 30));
        window.Add(Sample(20, 60, null));
        window.Add(Sample(null, 70, 60));

        var means = window.Drain().ToDictionary(m => m.Metric, m => m.Value);

        Assert.Equal(15, means["power_w"]);
        Assert.Equal(60, means["temperature_c:tj-thermal"]);
        Assert.Equal(45, means["gpu_load_percent"]);
        Assert.Equal(15, means["rail_w:VDD_IN"]);
        Assert.False(means.ContainsKey("memory_available_mb"));
        Assert.True(window.IsEmpty);
    }

    private static TelemetrySample Sample(double? powerW, double tj, double? gpuLoad) =>
        TelemetrySample.Empty("test") with
        {
            PowerW = powerW,
            Rails = [new PowerRail("VDD_IN", null, null, powerW)],
            TemperaturesC = new Dictionary<string, double> { ["tj-thermal"] = tj },
            GpuLoadPercent = gpuLoad,
        };
}
