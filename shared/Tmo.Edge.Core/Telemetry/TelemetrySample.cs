namespace Tmo.Edge.Core.Telemetry;

/// <summary>
/// One reading of the device: power rails, temperatures, GPU load and frequency, memory and the power mode. A null
/// field is something the source cannot read (no sensor, a missing file, a garbage value). MB = 1024 x 1024 bytes.
/// Serialised on the `telemetry` topic and by `tmo-edge telemetry --json` through <see cref="TelemetryJsonContext"/>,
/// read back through it by the console and the trace source; field names are a contract (docs/mqtt-contract.md).
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

    /// <summary>
    /// The sample as read from JSON that another version or a trace wrote, with what cannot be used taken out: a missing
    /// list or map is empty, a rail without a name and a temperature that is not a finite number are dropped, any other
    /// value that is not finite is null (unreadable).
    /// </summary>
    public TelemetrySample Readable() => this with
    {
        PowerW = Finite(PowerW),
        Rails = (Rails ?? []).Where(r => r is { Name: not null })
            .Select(r => r with { VoltageV = Finite(r.VoltageV), CurrentA = Finite(r.CurrentA), PowerW = Finite(r.PowerW) })
            .ToArray(),
        TemperaturesC = (TemperaturesC ?? new Dictionary<string, double>()).Where(t => double.IsFinite(t.Value))
            .ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal),
        GpuLoadPercent = Finite(GpuLoadPercent),
        GpuFrequencyMHz = Finite(GpuFrequencyMHz),
        MemoryTotalMB = Finite(MemoryTotalMB),
        MemoryAvailableMB = Finite(MemoryAvailableMB),
        GpuMemoryUsedMB = Finite(GpuMemoryUsedMB),
    };

    private static double? Finite(double? value) => value is { } given && double.IsFinite(given) ? given : null;
}
