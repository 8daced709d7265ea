using Tmo.Edge.Core.Runners;
using Tmo.Edge.Policy.Decisions;

namespace Tmo.Edge.Core.Turns;

/// <summary>
/// How a turn ended, with everything the response, the journal and the metrics need: the daemon composes it and the
/// journal records it as it is. Costs are in seconds and US dollars; the journal converts latency to the milliseconds
/// it stores.
/// </summary>
/// <param name="Action">The action taken; negative when the turn was refused.</param>
/// <param name="Text">The answer; empty when there is none.</param>
/// <param name="DecisionTime">Time the daemon spent deciding (not stored).</param>
public sealed record TurnOutcome(
    TurnStatus Status,
    int Action,
    IReadOnlyList<int> Views,
    IReadOnlyList<float> Probabilities,
    IReadOnlyList<MaskedDecision> Masked,
    string Text,
    double LatencyS,
    double UsageUsd,
    double EnergyJ,
    string PolicyVersion,
    string? Error,
    TimeSpan DecisionTime)
{
    /// <summary>Where the action ran; null when the turn was refused.</summary>
    public RunnerLocation? Location => RunnerLocations.OfAction(Action);

    /// <summary>Wall time spent in the runner, which the daemon's added latency leaves out.</summary>
    public TimeSpan RunnerTime { get; init; }

    /// <summary>
    /// The UTC day the ledger books <see cref="UsageUsd"/> on: for a cloud call, the day whose cap admitted it, so a
    /// call that ends after midnight (or after the clock was stepped) counts where it was reserved. Null: the day the
    /// turn completes.
    /// </summary>
    public DateOnly? SpendDay { get; init; }
}

/// <summary>A masked action with a reason a person can read (e.g. "thermal: soc 87.5 C >= 85 C").</summary>
public sealed record MaskedDecision(int Action, MaskReason Kind, string Reason);
