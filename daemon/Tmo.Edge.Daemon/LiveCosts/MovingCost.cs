namespace Tmo.Edge.Daemon.LiveCosts;

/// <summary>
/// One measured quantity (seconds per call, joules per call, tokens per second): an exponentially weighted mean
/// and variance (West 1979, the incremental form) that follow drift such as thermal throttling, plus the extremes
/// of the last <see cref="Window"/> observations.
/// </summary>
/// <remarks>
/// Why bounds rather than the mean: a quote is the ceiling the shield plans with and the runner must not exceed
/// (ILlmRunner), so quoting the average would overspend about half of the calls. The upper bound is
/// mean + k x deviation, and never below the largest recent call, so a cost seen lately is always covered even
/// when the distribution is skewed (long answers); the lower bound (for rates) mirrors it.
/// </remarks>
public sealed class MovingCost(double alpha)
{
    public const int Window = 16;

    private readonly double[] _recent = new double[Window];
    private double _mean;
    private double _variance;

    public int Count { get; private set; }

    public double Mean => _mean;

    public double Deviation => Math.Sqrt(_variance);

    public void Observe(double value)
    {
        if (!double.IsFinite(value))
        {
            return;
        }

        if (Count == 0)
        {
            _mean = value;
            _variance = 0;
        }
        else
        {
            var difference = value - _mean;
            var increment = alpha * difference;
            _mean += increment;
            _variance = (1 - alpha) * (_variance + difference * increment);
        }

        _recent[Count % Window] = value;
        Count++;
    }

    public double Upper(double deviations)
    {
        var bound = _mean + deviations * Deviation;
        foreach (var value in Recent())
        {
            bound = Math.Max(bound, value);
        }

        return bound;
    }

    public double Lower(double deviations)
    {
        var bound = _mean - deviations * Deviation;
        foreach (var value in Recent())
        {
            bound = Math.Min(bound, value);
        }

        return bound;
    }

    private ReadOnlySpan<double> Recent() => _recent.AsSpan(0, Math.Min(Count, Window));
}
