namespace Tmo.Edge.Console.Charts;

/// <summary>
/// A chart's value axis: always from zero (a 240 MiB dip on 27 GiB must look like what it is), up to a round number
/// above the largest value or limit line, with four or five evenly spaced round ticks.
/// </summary>
public sealed record ValueAxis(double Max, IReadOnlyList<double> Ticks)
{
    public static ValueAxis For(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var largest = values.Where(double.IsFinite).DefaultIfEmpty(0).Max();
        if (largest <= 0)
        {
            return new ValueAxis(1, [0, 0.25, 0.5, 0.75, 1]);
        }

        var step = NiceStep(largest / 4);
        var max = Math.Ceiling(largest / step) * step;
        var count = (int)Math.Round(max / step);
        return new ValueAxis(max, Enumerable.Range(0, count + 1).Select(i => Math.Round(i * step, 10)).ToList());
    }

    /// <summary>An axis for counts: whole-number ticks only (half a decision means nothing).</summary>
    public static ValueAxis ForCounts(IEnumerable<double> counts)
    {
        var axis = For(counts);
        if (axis.Ticks.Count < 2 || axis.Ticks[1] >= 1)
        {
            return axis;
        }

        var max = Math.Max(1, Math.Ceiling(axis.Max));
        return new ValueAxis(max, Enumerable.Range(0, (int)max + 1).Select(i => (double)i).ToList());
    }

    /// <summary>Where <paramref name="value"/> sits, 0 (bottom) to 1 (top).</summary>
    public double Fraction(double value) => Math.Clamp(value / Max, 0, 1);

    /// <summary>1, 2, 2.5 or 5 times a power of ten, at least <paramref name="rough"/>.</summary>
    private static double NiceStep(double rough)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var step = new[] { 1, 2, 2.5, 5, 10 }.Select(m => m * magnitude).First(s => s >= rough * (1 - 1e-9));
        return step;
    }
}
