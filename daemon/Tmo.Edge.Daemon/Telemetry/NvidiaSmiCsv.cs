using System.Globalization;

namespace Tmo.Edge.Daemon.Telemetry;

/// <summary>
/// One GPU's line of `nvidia-smi --query-gpu=FIELDS --format=csv,noheader,nounits`: one line per GPU, the fields in
/// the order asked (`nvidia-smi --help-query-gpu` names them). "[N/A]" or "[Not Supported]" (and anything else that is
/// not a number) is null, as is a field the query did not ask for.
/// </summary>
public sealed record NvidiaSmiGpu(
    int Index, double? LoadPercent, double? MemoryTotalMB, double? MemoryUsedMB, double? MemoryFreeMB, double? TemperatureC, double? PowerW, double? GraphicsClockMHz)
{
    /// <summary>
    /// What the source asks for. `index` keeps nvidia-smi's own numbering on a multi-GPU host (one line per GPU);
    /// `clocks.current.graphics` is the current graphics (shader) clock in MHz, the figure jtop shows as the GPU's
    /// frequency (it reads the same clock through NVML, jtop/core/gpu.py nvml_read_gpu_status).
    /// </summary>
    public static IReadOnlyList<string> Fields { get; } =
        ["index", "utilization.gpu", "memory.total", "memory.used", "memory.free", "temperature.gpu", "power.draw", "clocks.current.graphics"];

    public static IReadOnlyList<string> Arguments { get; } = [$"--query-gpu={string.Join(',', Fields)}", "--format=csv,noheader,nounits"];

    /// <summary>The source's own output: one entry per well-formed line; <paramref name="report"/> gets each line that is not.</summary>
    public static IReadOnlyList<NvidiaSmiGpu> Parse(string output, Action<string> report) => Parse(output, Fields, report);

    /// <summary>
    /// Lines printed for another field list, such as a capture made with an older query: values are taken by field
    /// name, and without an `index` field a GPU is numbered by its line.
    /// </summary>
    public static IReadOnlyList<NvidiaSmiGpu> Parse(string output, IReadOnlyList<string> fields, Action<string> report)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(report);
        var columns = fields.Select((name, at) => (name, at)).ToDictionary(f => f.name, f => f.at, StringComparer.Ordinal);
        var gpus = new List<NvidiaSmiGpu>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var values = line.Split(',', StringSplitOptions.TrimEntries);
            if (values.Length != fields.Count)
            {
                report($"expected {fields.Count} fields, got '{(line.Length > 60 ? line[..60] : line)}'");
                continue;
            }

            double? Field(string name) => columns.TryGetValue(name, out var at) ? Number(values[at]) : null;
            var index = Field("index") is { } i && i == Math.Floor(i) && i < 1024 ? (int)i : gpus.Count;
            gpus.Add(new NvidiaSmiGpu(
                index, Field("utilization.gpu"), Field("memory.total"), Field("memory.used"), Field("memory.free"), Field("temperature.gpu"), Field("power.draw"),
                Field("clocks.current.graphics")));
        }

        return gpus;
    }

    // MiB from nvidia-smi is 1024 x 1024 bytes, the sample's MB.
    private static double? Number(string field) =>
        double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) && v >= 0 ? v : null;
}
