namespace Tmo.Edge.Policy.Costs;

/// <summary>
/// A cloud link's latency and price per call, indexed by the number of views uploaded (0..X), as the reference's
/// CLOUD_SERVERS (tmo/devices.py). "Synthetic" is the reference's linear profile for any X (custom/run_custom.py).
/// </summary>
public sealed record CloudProfile(string Name, IReadOnlyList<double> TimeS, IReadOnlyList<double> UsageUsd)
{
    private static readonly double[] M4A1Usage = [0.00049, 0.00500, 0.00945, 0.01368];

    public static IReadOnlyList<CloudProfile> Known { get; } =
    [
        new("Wired", [6.46030, 4.76134, 6.24569, 6.98211], M4A1Usage),
        new("WiFi", [0.5, 1.898, 2.016, 2.238], M4A1Usage),
        new("5G", [0.5, 6.037, 6.412, 7.118], M4A1Usage),
        new("4G", [0.5, 16.603, 17.636, 19.573], M4A1Usage),
    ];

    public const string SyntheticName = "Synthetic";

    public static CloudProfile Default => Named("Wired", 3);

    /// <summary>The named profile, checked to cover 0..<paramref name="modalityCount"/> uploaded views.</summary>
    public static CloudProfile Named(string name, int modalityCount)
    {
        if (string.Equals(name, SyntheticName, StringComparison.OrdinalIgnoreCase))
        {
            return Synthetic(modalityCount);
        }

        var profile = Known.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException(
                $"Unknown cloud profile '{name}'. Known: {string.Join(", ", Known.Select(c => c.Name))}, {SyntheticName}.", nameof(name));
        if (profile.TimeS.Count != modalityCount + 1)
        {
            throw new ArgumentException(
                $"Cloud profile '{profile.Name}' covers {profile.TimeS.Count - 1} views but the dataset has X = {modalityCount}; " +
                $"use '{SyntheticName}' or a profile with {modalityCount + 1} entries.", nameof(modalityCount));
        }

        return profile;
    }

    public static CloudProfile Synthetic(int modalityCount) => new(
        SyntheticName,
        Enumerable.Range(0, modalityCount + 1).Select(i => 0.5 + (1.5 * i)).ToArray(),
        Enumerable.Range(0, modalityCount + 1).Select(i => 0.0005 + (0.004 * i)).ToArray());
}
