namespace Tmo.Edge.Daemon.Mqtt;

/// <summary>
/// Delays between reconnection attempts: doubling from the initial delay up to the maximum, each shortened by up to
/// <see cref="JitterFraction"/> so that devices restarted together by a broker outage do not reconnect in lockstep.
/// The jitter is drawn from a seeded generator, so a given seed always produces the same schedule.
/// </summary>
internal sealed class ReconnectBackoff
{
    public const double JitterFraction = 0.2;

    private readonly double _initialSeconds;
    private readonly double _maxSeconds;
    private readonly Random _random;
    private int _failures;

    public ReconnectBackoff(TimeSpan initial, TimeSpan max, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(initial, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, initial);
        _initialSeconds = initial.TotalSeconds;
        _maxSeconds = max.TotalSeconds;
        _random = new Random(seed);
    }

    /// <summary>Failed attempts since the last <see cref="Reset"/>.</summary>
    public int Failures => _failures;

    public TimeSpan Next()
    {
        // Cap the exponent: 2^30 times any valid initial delay is far beyond any valid maximum.
        var nominal = Math.Min(_initialSeconds * Math.Pow(2, Math.Min(_failures, 30)), _maxSeconds);
        _failures++;
        return TimeSpan.FromSeconds(nominal * (1 - (JitterFraction * _random.NextDouble())));
    }

    public void Reset() => _failures = 0;

    /// <summary>A stable seed from a client id (string.GetHashCode is randomised per process): FNV-1a, 32 bits.</summary>
    public static int SeedFrom(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return unchecked((int)hash);
    }
}
