using System.Globalization;
using System.Security;
using System.Text;
using Tmo.Edge.Daemon.LivePath;

namespace Tmo.Edge.Daemon.Cli;

/// <summary>
/// The plot of `policy adapt`: one panel per scenario, the trailing-window mean reward over dialogues of the static
/// policy, the adapting one and the Oracle, each promotion a tick on the axis. Plain SVG, no charting library.
/// </summary>
internal static class AdaptationChart
{
    private const int PanelWidth = 520;
    private const int PanelHeight = 260;
    private const int Margin = 44;
    private static readonly (string Name, string Colour)[] Series = [("Static", "#888888"), ("Adaptive", "#1f77b4"), ("Oracle", "#2ca02c")];

    public static string Svg(IReadOnlyList<AdaptationResult> results, int window)
    {
        ArgumentNullException.ThrowIfNull(results);
        var svg = new StringBuilder();
        var width = PanelWidth * results.Count;
        svg.AppendLine(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{PanelHeight + 30}\" font-family=\"sans-serif\" font-size=\"11\">"));
        svg.AppendLine(Invariant($"<rect width=\"{width}\" height=\"{PanelHeight + 30}\" fill=\"white\"/>"));
        for (var p = 0; p < results.Count; p++)
        {
            Panel(svg, results[p], p * PanelWidth, window);
        }

        for (var s = 0; s < Series.Length; s++)
        {
            svg.AppendLine(Invariant($"<text x=\"{Margin + (s * 110)}\" y=\"{PanelHeight + 20}\" fill=\"{Series[s].Colour}\">&#9632; {Series[s].Name} (mean of the last {window})</text>"));
        }

        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    private static void Panel(StringBuilder svg, AdaptationResult result, int left, int window)
    {
        double[][] curves = [Trailing(result.StaticRewards, window), Trailing(result.AdaptiveRewards, window), Trailing(result.OracleRewards, window)];
        var min = curves.Min(c => c.Min());
        var max = curves.Max(c => c.Max());
        (min, max) = (Math.Floor(min * 10) / 10, Math.Ceiling(max * 10) / 10);
        var count = curves[0].Length;
        var plotWidth = PanelWidth - (2 * Margin);
        var plotHeight = PanelHeight - (2 * Margin);
        double X(int i) => left + Margin + (plotWidth * i / (double)Math.Max(1, count - 1));
        double Y(double v) => Margin + (plotHeight * (max - v) / Math.Max(1e-9, max - min));

        svg.AppendLine(Invariant($"<text x=\"{left + Margin}\" y=\"{Margin - 22}\" font-weight=\"bold\">{SecurityElement.Escape(result.Name)}</text>"));
        svg.AppendLine(Invariant($"<text x=\"{left + Margin}\" y=\"{Margin - 8}\">{SecurityElement.Escape(result.Drift)}</text>"));
        svg.AppendLine(Invariant($"<rect x=\"{left + Margin}\" y=\"{Margin}\" width=\"{plotWidth}\" height=\"{plotHeight}\" fill=\"none\" stroke=\"#cccccc\"/>"));
        svg.AppendLine(Invariant($"<text x=\"{left + 4}\" y=\"{Margin + 4}\">{max:F1}</text><text x=\"{left + 4}\" y=\"{Margin + plotHeight}\">{min:F1}</text>"));
        svg.AppendLine(Invariant($"<text x=\"{left + Margin}\" y=\"{Margin + plotHeight + 14}\">0</text><text x=\"{left + Margin + plotWidth - 30}\" y=\"{Margin + plotHeight + 14}\">{count:N0}</text>"));
        foreach (var promoted in result.PromotedAt)
        {
            var x = X(promoted - 1);
            svg.AppendLine(Invariant($"<line x1=\"{x:F1}\" y1=\"{Margin + plotHeight}\" x2=\"{x:F1}\" y2=\"{Margin + plotHeight - 6}\" stroke=\"#1f77b4\"/>"));
        }

        for (var s = 0; s < curves.Length; s++)
        {
            var points = string.Join(' ', curves[s].Select((v, i) => Invariant($"{X(i):F1},{Y(v):F1}")));
            svg.AppendLine(Invariant($"<polyline fill=\"none\" stroke=\"{Series[s].Colour}\" stroke-width=\"1.5\" points=\"{points}\"/>"));
        }
    }

    /// <summary>The mean of the last <paramref name="window"/> values (fewer at the start) at every index.</summary>
    private static double[] Trailing(IReadOnlyList<double> values, int window)
    {
        var result = new double[values.Count];
        double sum = 0;
        for (var i = 0; i < values.Count; i++)
        {
            sum += values[i] - (i >= window ? values[i - window] : 0);
            result[i] = sum / Math.Min(i + 1, window);
        }

        return result;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
