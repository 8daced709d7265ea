using Tmo.Edge.Core.Telemetry;

namespace Tmo.Edge.Daemon.Telemetry;

/// <summary>Any Linux box: thermal zones, hwmon temperatures and /proc/meminfo; no power, no GPU.</summary>
public sealed class LinuxSource(SensorFiles files) : ITelemetrySource
{
    public const string SourceName = "linux";

    private readonly Temperatures _temperatures = new(files);
    private readonly MemoryInfo _memory = new(files);

    public string Name => SourceName;

    public ValueTask<TelemetrySample> ReadAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Read());

    public TelemetrySample Read()
    {
        var (total, available, _) = _memory.Read();
        return TelemetrySample.Empty(SourceName) with
        {
            TemperaturesC = _temperatures.Read(),
            MemoryTotalMB = total,
            MemoryAvailableMB = available,
        };
    }
}
