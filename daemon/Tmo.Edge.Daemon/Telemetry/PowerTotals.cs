using Tmo.Edge.Core.Telemetry;

namespace Tmo.Edge.Daemon.Telemetry;

/// <summary>
/// Board power from its rails: the input rail (VDD_IN on JetPack 5+, POM_5V_IN on the Nano, VDD_IN on the TX2)
/// measures everything; where there is none (AGX Orin's monitors see only the module's rails), the rails' sum.
/// The input rail may be unreadable: then the board's power is unknown.
/// </summary>
public static class PowerTotals
{
    private static readonly string[] InputRails = ["VDD_IN", "POM_5V_IN"];

    public static double? Total(IReadOnlyList<PowerRail> rails)
    {
        ArgumentNullException.ThrowIfNull(rails);
        foreach (var input in InputRails)
        {
            foreach (var rail in rails)
            {
                if (rail.Name.Equals(input, StringComparison.OrdinalIgnoreCase))
                {
                    return rail.PowerW;
                }
            }
        }

        // A sum with a rail missing would understate the draw and let the power cap pass: unknown is safer than low.
        double sum = 0;
        foreach (var rail in rails)
        {
            if (rail.PowerW is not { } w)
            {
                return null;
            }

            sum += w;
        }

        return rails.Count > 0 ? sum : null;
    }
}
