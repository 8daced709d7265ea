namespace Tmo.Edge.Data.Records;

/// <summary>One reading of a device metric such as "power_w".</summary>
public sealed class TelemetrySampleRecord
{
    public const int MetricMaxLength = 64;

    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    public required string Metric { get; set; }

    public double Value { get; set; }
}
