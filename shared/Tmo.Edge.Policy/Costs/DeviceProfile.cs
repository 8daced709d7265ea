namespace Tmo.Edge.Policy.Costs;

/// <summary>
/// An edge device's peak compute and power. Local cost of one call follows the reference (tmo/devices.py):
/// time = (2 x params / L_base x L_total) / (GF_peak x 1e9); usage = P_max x time x electricity price.
/// </summary>
public sealed record DeviceProfile(string Name, double PeakGflops, double MaxPowerW)
{
    public const double ModelParameters = 3.8e9;
    public const double BaseLength = 1024;
    public const double TotalLength = 2048;
    public const double CentsPerKwh = 16.68;

    public static IReadOnlyList<DeviceProfile> Known { get; } =
    [
        new("Raspberry Pi-4B", 13.5, 8),
        new("Raspberry Pi-5", 31.4, 12),
        new("Jetson Nano", 472, 10),
        new("Jetson TX2", 1330, 15),
        new("Jetson Xavier NX", 21000, 20),
        new("Jetson Orin NX", 100000, 25),
        new("Jetson AGX Orin", 275000, 60),
        new("iPhone 15 Pro", 35000, 15),
    ];

    public static DeviceProfile Default => Named("Jetson TX2");

    public double LocalTimeS => 2 * ModelParameters / BaseLength * TotalLength / (PeakGflops * 1e9);

    public double LocalUsageUsd => MaxPowerW * LocalTimeS * UsdPerJoule;

    /// <summary>Electricity price per joule: cents/kWh -> USD/J.</summary>
    public static double UsdPerJoule => CentsPerKwh / 100 / 3.6e6;

    public static DeviceProfile Named(string name) =>
        Known.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException(
            $"Unknown device profile '{name}'. Known: {string.Join(", ", Known.Select(d => d.Name))}.", nameof(name));
}
