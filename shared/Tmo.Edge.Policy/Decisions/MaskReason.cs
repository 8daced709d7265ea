namespace Tmo.Edge.Policy.Decisions;

/// <summary>Why the shield removed an action before the arg-max.</summary>
public enum MaskReason
{
    /// <summary>Live telemetry (or the runner) says the action cannot run now.</summary>
    Infeasible,

    /// <summary>Its cost ceiling alone exceeds the remaining latency budget (the hard rule).</summary>
    LatencyBudget,

    /// <summary>Its cost ceiling alone exceeds the remaining usage budget (the hard rule).</summary>
    UsageBudget,

    /// <summary>It fits, but another allowed action leaves more of the latency budget for the expected later turns.</summary>
    LatencyReserve,

    /// <summary>It fits, but another allowed action leaves more of the usage budget for the expected later turns.</summary>
    UsageReserve,
}

/// <summary>An action the shield masked, and why.</summary>
public readonly record struct MaskedAction(int Action, MaskReason Reason);
