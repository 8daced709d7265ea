namespace Tmo.Edge.Daemon.Runners.Cloud;

/// <summary>
/// How long a cloud call takes, per number of uploaded views: an exponentially weighted mean and variance of every
/// call, failures included (a timeout or an outage is time the user waited). It starts from the cloud profile's
/// latencies. The quote is the mean plus two standard deviations, so the ceiling rarely cuts a normal call short.
/// Thread-safe.
/// </summary>
public sealed class CloudLatencyEstimate
{
    private const double Weight = 0.2;

    private readonly Lock _gate = new();
    private readonly double[] _mean;
    private readonly double[] _variance;
    private readonly double _maxS;

    /// <param name="priorS">Expected latency for 0..X uploaded views before any call was measured.</param>
    /// <param name="maxS">The longest a call can run (all attempts); quotes never exceed it.</param>
    public CloudLatencyEstimate(IReadOnlyList<double> priorS, double maxS)
    {
        ArgumentNullException.ThrowIfNull(priorS);
        _mean = [.. priorS];
        _variance = [.. priorS.Select(s => Math.Pow(0.25 * s, 2))];
        _maxS = maxS;
    }

    public double QuoteS(int views)
    {
        lock (_gate)
        {
            var i = Math.Clamp(views, 0, _mean.Length - 1);
            return Math.Min(_maxS, _mean[i] + (2 * Math.Sqrt(_variance[i])));
        }
    }

    public void Record(int views, double latencyS)
    {
        lock (_gate)
        {
            var i = Math.Clamp(views, 0, _mean.Length - 1);
            var delta = latencyS - _mean[i];
            _mean[i] += Weight * delta;
            _variance[i] = (1 - Weight) * (_variance[i] + (Weight * delta * delta));
        }
    }
}
