using Tmo.Edge.Policy.Costs;

namespace Tmo.Edge.Policy.Adaptation;

/// <summary>
/// What the device's cloud calls actually cost, by number of views uploaded, so a retrained policy learns today's
/// prices instead of the profile's. A view count with enough calls takes their median; one without takes the profile
/// price times the median ratio of measured to profile prices over the counts that have them (a price change moves
/// every call). Latency stays the profile's: the reward normalises it over the same table M4A1's policy learnt with,
/// and the shield already plans with the live quotes. Not thread-safe.
/// </summary>
public sealed class CloudPriceObservations(int modalityCount, int minimumCalls = CloudPriceObservations.DefaultMinimumCalls)
{
    public const int DefaultMinimumCalls = 3;

    private readonly List<double>[] _byViewCount = Enumerable.Range(0, modalityCount + 1).Select(_ => new List<double>()).ToArray();

    public void Observe(int viewCount, double usageUsd)
    {
        if (usageUsd > 0 && double.IsFinite(usageUsd))
        {
            _byViewCount[viewCount].Add(usageUsd);
        }
    }

    /// <summary><paramref name="profile"/> with the measured prices; the profile itself while nothing is measured.</summary>
    public CloudProfile Apply(CloudProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var measured = _byViewCount.Select(calls => calls.Count >= minimumCalls ? Median(calls) : (double?)null).ToArray();
        var ratios = measured.Select((price, views) => price / profile.UsageUsd[views]).OfType<double>().ToList();
        if (ratios.Count == 0)
        {
            return profile;
        }

        var ratio = Median(ratios);
        return profile with { Name = $"{profile.Name} (measured prices)", UsageUsd = measured.Select((price, views) => price ?? profile.UsageUsd[views] * ratio).ToArray() };
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
