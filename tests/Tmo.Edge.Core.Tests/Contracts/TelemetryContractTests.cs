using System.Text;
using System.Text.Json;
using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Core.Telemetry;

namespace Tmo.Edge.Core.Tests.Contracts;

public sealed class TelemetryContractTests
{
    /// <summary>`telemetry` as the daemon wrote it before the console read it through the same context (commit b6ddc5b).</summary>
    private const string Captured =
        """{"source":"jetson-sysfs","powerW":7.5,"rails":[{"name":"VDD_IN","voltageV":5.08,"currentA":1.48,"powerW":7.5},{"name":"VDD_CPU_GPU_CV","voltageV":null,"currentA":null,"powerW":2.25}],"temperaturesC":{"cpu":48.5,"gpu":46.0},"gpuLoadPercent":61.0,"gpuFrequencyMHz":1300.5,"memoryTotalMB":7620.0,"memoryAvailableMB":3300.0,"gpuMemoryUsedMB":null,"powerMode":"15W"}""";

    private const string CapturedEmpty =
        """{"source":"simulated","powerW":null,"rails":[],"temperaturesC":{},"gpuLoadPercent":null,"gpuFrequencyMHz":null,"memoryTotalMB":null,"memoryAvailableMB":null,"gpuMemoryUsedMB":null,"powerMode":null}""";

    [Fact]
    public void Todays_telemetry_payload_is_read_field_by_field()
    {
        var sample = ContractJson.TryRead(Encoding.UTF8.GetBytes(Captured), TelemetryJsonContext.Default.TelemetrySample)!.Readable();

        Assert.Equal("jetson-sysfs", sample.Source);
        Assert.Equal(7.5, sample.PowerW);
        Assert.Equal([new PowerRail("VDD_IN", 5.08, 1.48, 7.5), new PowerRail("VDD_CPU_GPU_CV", null, null, 2.25)], sample.Rails);
        Assert.Equal(new Dictionary<string, double> { ["cpu"] = 48.5, ["gpu"] = 46 }, sample.TemperaturesC);
        Assert.Equal((61.0, 1300.5, 7620.0, 3300.0), (sample.GpuLoadPercent, sample.GpuFrequencyMHz, sample.MemoryTotalMB, sample.MemoryAvailableMB));
        Assert.Null(sample.GpuMemoryUsedMB);
        Assert.Equal("15W", sample.PowerMode);
    }

    [Theory]
    [InlineData(Captured)]
    [InlineData(CapturedEmpty)]
    public void A_telemetry_payload_written_again_is_byte_for_byte_what_the_daemon_wrote_before(string captured)
    {
        var sample = JsonSerializer.Deserialize(captured, TelemetryJsonContext.Default.TelemetrySample)!.Readable();

        Assert.Equal(captured, JsonSerializer.Serialize(sample, TelemetryJsonContext.Default.TelemetrySample));
    }

    [Fact]
    public void Quoted_numbers_are_read_and_unreadable_values_dropped_without_losing_the_sample()
    {
        var sample = ContractJson.TryRead(
            """{"powerW":"12.25","gpuLoadPercent":"n/a","temperaturesC":{"soc":"bad","cpu":"51"},"rails":[{"voltageV":5},{"name":"VIN"}],"fanRpm":1200}"""u8,
            TelemetryJsonContext.Default.TelemetrySample)!.Readable();

        Assert.Equal(12.25, sample.PowerW);
        Assert.Null(sample.GpuLoadPercent);
        Assert.Equal(51, Assert.Single(sample.TemperaturesC).Value);
        Assert.Equal(new PowerRail("VIN", null, null, null), Assert.Single(sample.Rails));
    }
}
