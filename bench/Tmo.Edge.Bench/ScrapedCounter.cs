using System.Globalization;

namespace Tmo.Edge.Bench;

/// <summary>A counter without labels read from a /metrics page.</summary>
internal static class ScrapedCounter
{
    public static double Parse(string metricsText, string name)
    {
        var line = metricsText.Split('\n').SingleOrDefault(l => l.StartsWith(name + " ", StringComparison.Ordinal))
            ?? throw new InvalidDataException($"No counter {name} on the metrics page.");
        return double.Parse(line[(name.Length + 1)..], CultureInfo.InvariantCulture);
    }
}
