using System.Globalization;
using System.Text;
using Tmo.Edge.Core.Telemetry;

namespace Tmo.Edge.Daemon.Cli;

/// <summary>A sample for people: one line per kind of reading, "-" for what the source cannot read.</summary>
internal static class TelemetryText
{
    public static string Format(TelemetrySample s)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Source       {s.Source}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Power        {N(s.PowerW, "0.00")} W{(s.PowerMode is null ? string.Empty : $" (power mode {s.PowerMode})")}");
        foreach (var rail in s.Rails)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {rail.Name,-18} {N(rail.PowerW, "0.00")} W  {N(rail.VoltageV, "0.000")} V  {N(rail.CurrentA, "0.000")} A");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"GPU          {N(s.GpuLoadPercent, "0.0")} % at {N(s.GpuFrequencyMHz, "0.0")} MHz, {N(s.GpuMemoryUsedMB, "0.0")} MB used");
        text.AppendLine(CultureInfo.InvariantCulture, $"Memory       {N(s.MemoryAvailableMB, "0.0")} MB available of {N(s.MemoryTotalMB, "0.0")} MB");
        text.Append("Temperatures ");
        text.Append(s.TemperaturesC.Count == 0 ? "-" : string.Join(", ", s.TemperaturesC.Select(t => $"{t.Key} {t.Value.ToString("0.0", CultureInfo.InvariantCulture)} C")));
        return text.ToString();
    }

    private static string N(double? value, string format) => value?.ToString(format, CultureInfo.InvariantCulture) ?? "-";
}
