using Tmo.Edge.Core.Telemetry;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Daemon.Telemetry;

/// <summary>
/// Averages samples between two writes to SQLite, so the stored series (one point a minute by default) is the
/// mean of what happened in that minute rather than whichever second happened to be kept.
/// </summary>
public sealed class TelemetryWindow
{
    private readonly Dictionary<string, (double Sum, int Count)> _sums = new(StringComparer.Ordinal);

    public bool IsEmpty => _sums.Count == 0;

    public void Add(TelemetrySample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        Add("power_w", sample.PowerW);
        Add("gpu_load_percent", sample.GpuLoadPercent);
        Add("gpu_frequency_mhz", sample.GpuFrequencyMHz);
        Add("memory_available_mb", sample.MemoryAvailableMB);
        Add("gpu_memory_used_mb", sample.GpuMemoryUsedMB);
        foreach (var (zone, celsius) in sample.TemperaturesC)
        {
            Add($"temperature_c:{zone}", celsius);
        }

        foreach (var rail in sample.Rails)
        {
            Add($"rail_w:{rail.Name}", rail.PowerW);
        }
    }

    /// <summary>The window's means, one per metric, and a fresh window.</summary>
    public IReadOnlyList<(string Metric, double Value)> Drain()
    {
        var means = _sums.Select(s => (s.Key, s.Value.Sum / s.Value.Count)).ToArray();
        _sums.Clear();
        return means;
    }

    private void Add(string metric, double? value)
    {
        if (value is not { } v || metric.Length > TelemetrySampleRecord.MetricMaxLength)
        {
            return;
        }

        _sums[metric] = _sums.TryGetValue(metric, out var s) ? (s.Sum + v, s.Count + 1) : (v, 1);
    }
}
