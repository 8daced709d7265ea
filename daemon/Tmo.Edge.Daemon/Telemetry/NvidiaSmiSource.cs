using Tmo.Edge.Core.Telemetry;

namespace Tmo.Edge.Daemon.Telemetry;

/// <summary>
/// A host with discrete NVIDIA GPUs: nvidia-smi for every GPU's load, clock, temperature, board power and memory, plus
/// the host's thermal zones and hwmon. With several GPUs, power and memory are their sums and load and clock their
/// means; each GPU's power is a rail (GPU{index}) and its temperature a zone (gpu{index}). Memory total/available are
/// the GPUs' (the local model's weights and KV cache live in VRAM, so that is what the memory check must see); host RAM
/// is not what limits it.
/// </summary>
public sealed class NvidiaSmiSource(SensorFiles files, ICommandRunner commands, string nvidiaSmiPath) : ITelemetrySource
{
    public const string SourceName = "nvidia-smi";

    private readonly Temperatures _temperatures = new(files);

    public string Name => SourceName;

    public async ValueTask<TelemetrySample> ReadAsync(CancellationToken cancellationToken)
    {
        var temperatures = _temperatures.Read();
        var output = await commands.RunAsync(nvidiaSmiPath, NvidiaSmiGpu.Arguments, cancellationToken);
        if (output is null)
        {
            files.Report(nvidiaSmiPath, "did not run or failed");
            return TelemetrySample.Empty(SourceName) with { TemperaturesC = temperatures };
        }

        var gpus = NvidiaSmiGpu.Parse(output, reason => files.Report(nvidiaSmiPath, reason));
        foreach (var gpu in gpus)
        {
            if (gpu.TemperatureC is { } t)
            {
                temperatures[$"gpu{gpu.Index}"] = t;
            }
        }

        var rails = gpus.Select(g => new PowerRail($"GPU{g.Index}", null, null, g.PowerW)).ToArray();
        return new TelemetrySample(
            SourceName,
            PowerTotals.Total(rails),
            rails,
            temperatures,
            Mean(gpus.Select(g => g.LoadPercent)),
            Mean(gpus.Select(g => g.GraphicsClockMHz)),
            Sum(gpus.Select(g => g.MemoryTotalMB)),
            Sum(gpus.Select(g => g.MemoryFreeMB)),
            Sum(gpus.Select(g => g.MemoryUsedMB)),
            null);
    }

    private static double? Sum(IEnumerable<double?> values) => values.Any(v => v is null) || !values.Any() ? null : values.Sum();

    private static double? Mean(IEnumerable<double?> values) => values.Any(v => v is null) || !values.Any() ? null : values.Average();
}
