namespace Tmo.Edge.Console.Charts;

/// <summary>A named series, oldest value first; null is a gap (no reading).</summary>
public sealed record LineSeries(string Name, IReadOnlyList<double?> Values);

/// <summary>A horizontal limit line (thermal throttle, power cap, memory margin) with what it means.</summary>
public sealed record LimitLine(string Label, double Value);

/// <summary>One stacked segment kind of a bar chart, with one value per bar.</summary>
public sealed record BarSeries(string Name, IReadOnlyList<double> Values);

/// <summary>Colours that keep 4.5:1 against white for the legend text and stay apart for colour-blind readers.</summary>
public static class ChartPalette
{
    public static readonly IReadOnlyList<string> Colours = ["#1565c0", "#c2410c", "#2e7d32", "#7b1fa2", "#00838f", "#ad1457"];

    public const string Limit = "#c62828";

    public static string Of(int index) => Colours[index % Colours.Count];
}
