namespace Tmo.Edge.Policy.Costs;

/// <summary>Min-max normalisation as the reference's normalization(); a constant vector maps to zeros instead of NaN.</summary>
public static class MinMax
{
    public static double[] Normalise(ReadOnlySpan<double> values)
    {
        var result = new double[values.Length];
        Normalise(values, result);
        return result;
    }

    public static void Normalise(ReadOnlySpan<double> values, Span<double> result)
    {
        var min = double.PositiveInfinity;
        var max = double.NegativeInfinity;
        foreach (var v in values)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        var range = max - min;
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = range > 0 ? (values[i] - min) / range : 0;
        }
    }
}
