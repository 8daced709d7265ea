namespace Tmo.Edge.Core.Telemetry;

/// <summary>
/// One reading of the device: power rails, temperatures, GPU load and frequency, memory and the power mode. A null
/// field is something the source cannot read (no sensor, a missing file, a garbage value). MB = 1024 x 1024 bytes.
/// Serialised on the `telemetry` topic and by `tmo-edge telemetry --json`; field names are a contract.
/// </summary>
public sealed record TelemetrySample(
    string Source,
    double? PowerW,
    IReadOnlyList<PowerRail> Rails,
    IReadOnlyDictionary<string, double> TemperaturesC,
    double? GpuLoadPercent,
    double? GpuFrequencyMHz,
    double? MemoryTotalMB,
    double? MemoryAvailableMB,
    double? GpuMemoryUsedMB,
    string? PowerMode)
{
    public static TelemetrySample Empty(string source) =>
        new(source, null, [], new Dictionary<string, double>(), null, null, null, null, null, null);
}
