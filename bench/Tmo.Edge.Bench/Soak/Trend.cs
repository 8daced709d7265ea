namespace Tmo.Edge.Bench.Soak;

/// <summary>Ordinary least squares of y on x: the slope, and R² to say how much of the spread the line explains.</summary>
internal readonly record struct Trend(double Slope, double RSquared)
{
    public static Trend Fit(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count < 2)
        {
            return new Trend(double.NaN, double.NaN);
        }

        var meanX = x.Average();
        var meanY = y.Average();
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Count; i++)
        {
            sxy += (x[i] - meanX) * (y[i] - meanY);
            sxx += (x[i] - meanX) * (x[i] - meanX);
            syy += (y[i] - meanY) * (y[i] - meanY);
        }

        if (sxx == 0)
        {
            return new Trend(double.NaN, double.NaN);
        }

        // A flat series (syy = 0) is explained perfectly by its flat line.
        return new Trend(sxy / sxx, syy == 0 ? 1 : sxy * sxy / (sxx * syy));
    }
}
