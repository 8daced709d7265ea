using Tmo.Edge.Core.Telemetry;

namespace Tmo.Edge.Daemon.Telemetry;

/// <summary>
/// Board power from its rails: the input rail (VDD_IN on JetPack 5+, POM_5V_IN on the Nano, VDD_IN on the TX2)
/// measures everything; where there is none (AGX Orin's monitors see only the module's rails), the rails' sum.
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

        double sum = 0;
        var any = false;
        foreach (var rail in rails)
        {
            if (rail.PowerW is { } w)
            {
                sum += w;
                any = true;
            }
        }

        return any ? sum : null;
    }
}
