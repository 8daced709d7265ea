namespace Tmo.Edge.Policy.Decisions;

/// <summary>
/// What the shield would like to keep for the rest of the dialogue: <see cref="Turns"/> more turns, each at the cost
/// of one of a typical turn's actions (per action, indexed like the current quotes). Only a preference: the shield
/// reserves fewer turns rather than refuse one that fits.
/// </summary>
public readonly ref struct LaterTurnReserve(int turns, ReadOnlySpan<double> latencyS, ReadOnlySpan<double> usageUsd)
{
    /// <summary>No reserve: every action that fits on its own is allowed.</summary>
    public static LaterTurnReserve None => new(0, [], []);

    public int Turns { get; } = Math.Max(0, turns);

    /// <summary>A typical later turn's latency per action (empty when <see cref="Turns"/> is 0).</summary>
    public ReadOnlySpan<double> LatencyS { get; } = latencyS;

    /// <summary>A typical later turn's usage per action.</summary>
    public ReadOnlySpan<double> UsageUsd { get; } = usageUsd;
}
