using System.Globalization;
using System.Text.RegularExpressions;
using Tmo.Edge.Core.Telemetry;

namespace Tmo.Edge.Daemon.Telemetry;

/// <summary>
/// Parses one line of `tegrastats`, for Jetsons where only the tool is readable (containers without /sys). Formats:
/// JetPack 4/5 (`GR3D_FREQ 10%@1300`, `CPU@48.5C`, `VDD_IN 3500/3500`), JetPack 6 (lower-case sensors,
/// `VDD_IN 6280mW/6280mW`), JetPack 7 (`GR3D_FREQ 12%@[1300,1300]`, one clock per GPC) and Thor (`GR3D_FREQ @[1575]`,
/// no load figure). Temperature keys are lower-case; a sensor at -256 C is off and left out.
/// </summary>
public static partial class TegrastatsLine
{
    public const string SourceName = "tegrastats";

    public static TelemetrySample Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var sample = TelemetrySample.Empty(SourceName);

        var rails = new List<PowerRail>();
        foreach (Match m in RailPattern().Matches(line))
        {
            rails.Add(new PowerRail(m.Groups["name"].Value, null, null, Number(m.Groups["now"].ValueSpan) / 1000.0));
        }

        var temperatures = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (Match m in TemperaturePattern().Matches(line))
        {
            if (Number(m.Groups["t"].ValueSpan) is { } celsius and > -256)
            {
                temperatures[m.Groups["name"].Value.ToLowerInvariant()] = celsius;
            }
        }

        double? total = null, available = null, load = null, frequency = null;
        if (RamPattern().Match(line) is { Success: true } ram
            && Number(ram.Groups["used"].ValueSpan) is { } used && Number(ram.Groups["total"].ValueSpan) is { } ramTotal)
        {
            total = ramTotal;
            available = Math.Max(0, ramTotal - used);
        }

        if (GpuPattern().Match(line) is { Success: true } gpu)
        {
            load = gpu.Groups["load"].Success ? Number(gpu.Groups["load"].ValueSpan) : null;
            if (gpu.Groups["freq"].Success)
            {
                frequency = Number(gpu.Groups["freq"].ValueSpan);
            }
            else if (gpu.Groups["freqs"].Success)
            {
                // One clock per GPC; the GPCs share one clock domain in practice, the highest is the GPU's clock.
                frequency = gpu.Groups["freqs"].Value.Split(',').Select(f => Number(f)).Max();
            }
        }

        return sample with
        {
            PowerW = PowerTotals.Total(rails),
            Rails = rails,
            TemperaturesC = temperatures,
            GpuLoadPercent = load,
            GpuFrequencyMHz = frequency,
            MemoryTotalMB = total,
            MemoryAvailableMB = available,
        };
    }

    /// <summary>A figure of the line, or null when it is not a finite number (a garbled line, a run of digits).</summary>
    private static double? Number(ReadOnlySpan<char> text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value : null;

    [GeneratedRegex(@"(?<![\w%])(?<name>[A-Z][A-Z0-9_]*_[A-Z0-9_]+) (?<now>\d+)(?:mW)?/(?<avg>\d+)(?:mW)?(?=\s|$)")]
    private static partial Regex RailPattern();

    [GeneratedRegex(@"(?<![\w%\[,])(?<name>[A-Za-z][A-Za-z0-9_-]*)@(?<t>-?\d+(?:\.\d+)?)C(?![\w])")]
    private static partial Regex TemperaturePattern();

    [GeneratedRegex(@"\bRAM (?<used>\d+)/(?<total>\d+)MB")]
    private static partial Regex RamPattern();

    [GeneratedRegex(@"\bGR3D_FREQ (?:(?<load>\d+)%)?(?:@(?:\[(?<freqs>\d+(?:,\d+)*)\]|(?<freq>\d+)))?")]
    private static partial Regex GpuPattern();
}
