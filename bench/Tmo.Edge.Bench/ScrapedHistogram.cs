using System.Globalization;
using System.Text.RegularExpressions;

namespace Tmo.Edge.Bench;

/// <summary>
/// One Prometheus histogram read from a /metrics page: cumulative counts per upper bound. Two scrapes give the
/// observations in between, and quantiles are read from those by linear interpolation inside a bucket.
/// </summary>
internal sealed partial class ScrapedHistogram
{
    private readonly (double UpperBound, double Cumulative)[] _buckets;

    private ScrapedHistogram((double UpperBound, double Cumulative)[] buckets) => _buckets = buckets;

    public double Count => _buckets.Length == 0 ? 0 : _buckets[^1].Cumulative;

    public static ScrapedHistogram Parse(string metricsText, string name)
    {
        var buckets = BucketLine().Matches(metricsText)
            .Where(m => m.Groups["name"].Value == name)
            .Select(m => (
                UpperBound: m.Groups["le"].Value == "+Inf" ? double.PositiveInfinity : double.Parse(m.Groups["le"].Value, CultureInfo.InvariantCulture),
                Cumulative: double.Parse(m.Groups["count"].Value, CultureInfo.InvariantCulture)))
            .OrderBy(b => b.UpperBound)
            .ToArray();
        return buckets.Length > 0 ? new ScrapedHistogram(buckets) : throw new InvalidDataException($"No histogram {name} on the metrics page.");
    }

    /// <summary>What was observed after <paramref name="earlier"/> was scraped.</summary>
    public ScrapedHistogram Since(ScrapedHistogram earlier) =>
        new(_buckets.Zip(earlier._buckets, (now, then) => (now.UpperBound, now.Cumulative - then.Cumulative)).ToArray());

    /// <summary>The q-quantile, assuming observations spread evenly inside their bucket.</summary>
    public double Quantile(double q)
    {
        var rank = q * Count;
        var lower = 0.0;
        var below = 0.0;
        foreach (var (upper, cumulative) in _buckets)
        {
            if (cumulative >= rank && cumulative > below)
            {
                return double.IsPositiveInfinity(upper) ? lower : lower + ((upper - lower) * (rank - below) / (cumulative - below));
            }

            lower = upper;
            below = cumulative;
        }

        return lower;
    }

    [GeneratedRegex(@"^(?<name>[a-z_]+)_bucket\{le=""(?<le>[^""]+)""\} (?<count>\S+)$", RegexOptions.Multiline)]
    private static partial Regex BucketLine();
}
