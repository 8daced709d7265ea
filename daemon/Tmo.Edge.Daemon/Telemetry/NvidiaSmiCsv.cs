using System.Globalization;

namespace Tmo.Edge.Daemon.Telemetry;

/// <summary>
/// One GPU's line of `nvidia-smi --query-gpu=utilization.gpu,memory.total,memory.used,memory.free,temperature.gpu,
/// power.draw --format=csv,noheader,nounits`; "[N/A]" or "[Not Supported]" (and anything else that is not a
/// number) is null.
/// </summary>
public sealed record NvidiaSmiGpu(int Index, double? LoadPercent, double? MemoryTotalMB, double? MemoryUsedMB, double? MemoryFreeMB, double? TemperatureC, double? PowerW)
{
    public const string Query = "utilization.gpu,memory.total,memory.used,memory.free,temperature.gpu,power.draw";

    public static IReadOnlyList<string> Arguments { get; } = [$"--query-gpu={Query}", "--format=csv,noheader,nounits"];

    private const int FieldCount = 6;

    /// <summary>One entry per well-formed line; <paramref name="report"/> gets each line that is not.</summary>
    public static IReadOnlyList<NvidiaSmiGpu> Parse(string output, Action<string> report)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(report);
        var gpus = new List<NvidiaSmiGpu>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split(',', StringSplitOptions.TrimEntries);
            if (fields.Length != FieldCount)
            {
                report($"expected {FieldCount} fields, got '{(line.Length > 60 ? line[..60] : line)}'");
                continue;
            }

            var values = fields.Select(Number).ToArray();
            gpus.Add(new NvidiaSmiGpu(gpus.Count, values[0], values[1], values[2], values[3], values[4], values[5]));
        }

        return gpus;
    }

    // MiB from nvidia-smi is 1024 x 1024 bytes, the sample's MB.
    private static double? Number(string field) =>
        double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) && v >= 0 ? v : null;
}
