namespace Tmo.Edge.Policy.Decisions;

/// <summary>Why the shield removed an action before the arg-max.</summary>
public enum MaskReason
{
    /// <summary>Live telemetry (or the runner) says the action cannot run now.</summary>
    Infeasible,

    /// <summary>Its expected latency plus the reserve for later turns exceeds the remaining latency budget.</summary>
    LatencyBudget,

    /// <summary>Its expected usage plus the reserve for later turns exceeds the remaining usage budget.</summary>
    UsageBudget,
}

/// <summary>An action the shield masked, and why.</summary>
public readonly record struct MaskedAction(int Action, MaskReason Reason);
