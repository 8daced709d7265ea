using System.Text;
using Tmo.Edge.Console.Live;

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
        Assert.Equal(7.5, snapshot.PowerW);
        Assert.Equal(new PowerRailReading("VDD_SOC", 5.0, 0.9, 4.5), Assert.Single(snapshot.Rails));
        Assert.Equal(48.5, snapshot.TemperaturesC["cpu"]);
        Assert.Equal(46, snapshot.TemperaturesC["gpu"]);
        Assert.Equal(61, snapshot.GpuLoadPercent);
        Assert.Equal(3300, snapshot.MemoryAvailableMB);
        Assert.Equal(7620, snapshot.MemoryTotalMB);
        Assert.Equal("jetson-sysfs", snapshot.Source);
        Assert.Equal(Now, snapshot.ReceivedAt);
    }

    [Fact]
    public void Missing_fields_quoted_numbers_and_unknown_fields_are_taken_in_stride()
    {
        var snapshot = Parse("""{"powerW":"12.25","temperaturesC":{"soc":"bad","cpu":"51"},"rails":[{"voltageV":5},{"name":"VIN"}],"fanRpm":1200}""");

        Assert.NotNull(snapshot);
        Assert.Equal(12.25, snapshot.PowerW);
        Assert.Equal(51, Assert.Single(snapshot.TemperaturesC).Value);
        Assert.Equal(new PowerRailReading("VIN", null, null, null), Assert.Single(snapshot.Rails));
        Assert.Null(snapshot.GpuLoadPercent);
        Assert.Null(snapshot.Source);
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
