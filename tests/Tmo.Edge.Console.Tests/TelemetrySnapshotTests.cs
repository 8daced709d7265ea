using System.Text;
using Tmo.Edge.Console.Live;
using Tmo.Edge.Core.Telemetry;

namespace Tmo.Edge.Console.Tests;

public sealed class TelemetrySnapshotTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_full_jetson_reading_is_read_field_by_field()
    {
        var snapshot = Parse("""
            {"powerW":7.5,"rails":[{"name":"VDD_SOC","voltageV":5.0,"currentA":0.9,"powerW":4.5}],
             "temperaturesC":{"cpu":48.5,"gpu":46},"gpuLoadPercent":61,"memoryAvailableMB":3300,"memoryTotalMB":7620,"source":"jetson-sysfs"}
            """);

        Assert.NotNull(snapshot);
        var sample = snapshot.Sample;
        Assert.Equal(7.5, sample.PowerW);
        Assert.Equal(new PowerRail("VDD_SOC", 5.0, 0.9, 4.5), Assert.Single(sample.Rails));
        Assert.Equal(48.5, sample.TemperaturesC["cpu"]);
        Assert.Equal(46, sample.TemperaturesC["gpu"]);
        Assert.Equal(61, sample.GpuLoadPercent);
        Assert.Equal(3300, sample.MemoryAvailableMB);
        Assert.Equal(7620, sample.MemoryTotalMB);
        Assert.Equal("jetson-sysfs", sample.Source);
        Assert.Equal(Now, snapshot.ReceivedAt);
    }

    [Fact]
    public void Missing_fields_quoted_numbers_and_unknown_fields_are_taken_in_stride()
    {
        var snapshot = Parse("""{"powerW":"12.25","temperaturesC":{"soc":"bad","cpu":"51"},"rails":[{"voltageV":5},{"name":"VIN"}],"fanRpm":1200}""");

        Assert.NotNull(snapshot);
        var sample = snapshot.Sample;
        Assert.Equal(12.25, sample.PowerW);
        Assert.Equal(51, Assert.Single(sample.TemperaturesC).Value);
        Assert.Equal(new PowerRail("VIN", null, null, null), Assert.Single(sample.Rails));
        Assert.Null(sample.GpuLoadPercent);
        Assert.Null(sample.Source);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2,3]")]
    [InlineData("42")]
    public void A_payload_that_is_not_a_json_object_is_no_snapshot(string payload)
    {
        Assert.Null(Parse(payload));
    }

    private static TelemetrySnapshot? Parse(string json) => TelemetrySnapshot.TryParse(Encoding.UTF8.GetBytes(json), Now);
}
