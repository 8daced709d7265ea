using Tmo.Edge.Core.Telemetry;

namespace Tmo.Edge.Daemon.Telemetry;

/// <summary>
/// NVIDIA Jetson (L4T) from sysfs/procfs: INA3221 rails through hwmon (JetPack 5+) or iio (JetPack 4), thermal
/// zones, the GPU's devfreq load and clock, /proc/meminfo (NvMapMemUsed is what the GPU holds of the shared RAM)
/// and the nvpmodel power mode.
/// </summary>
public sealed class JetsonSource : ITelemetrySource
{
    public const string SourceName = "jetson";

    private readonly Ina3221HwmonRails _hwmonRails;
    private readonly IioPowerRails _iioRails;
    private readonly Temperatures _temperatures;
    private readonly DevfreqGpu _gpu;
    private readonly MemoryInfo _memory;
    private readonly NvpModelStatus _powerMode;

    public JetsonSource(SensorFiles files)
    {
        _hwmonRails = new Ina3221HwmonRails(files);
        _iioRails = new IioPowerRails(files);
        _temperatures = new Temperatures(files);
        _gpu = new DevfreqGpu(files);
        _memory = new MemoryInfo(files);
        _powerMode = new NvpModelStatus(files);
    }

    public string Name => SourceName;

    /// <summary>Whether the tree looks like a Jetson: an INA3221 power monitor or a Tegra GPU under devfreq.</summary>
    public bool Detected => _hwmonRails.Present || _iioRails.Present || _gpu.Present;

    public ValueTask<TelemetrySample> ReadAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Read());

    public TelemetrySample Read()
    {
        var rails = _hwmonRails.Present ? _hwmonRails.Read() : _iioRails.Read();
        var (load, frequency) = _gpu.Read();
        var (total, available, nvmap) = _memory.Read();
        return new TelemetrySample(
            SourceName, PowerTotals.Total(rails), rails, _temperatures.Read(), load, frequency, total, available, nvmap, _powerMode.Read());
    }
}
