using Tmo.Edge.Core.Turns;
using Tmo.Edge.Policy.Decisions;

namespace Tmo.Edge.Daemon.Decisions;

/// <summary>How a turn ended, with everything the response, the database and the metrics need.</summary>
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
    public string Location => Action < 0 ? "none" : Action == 0 ? "local" : "cloud";

    /// <summary>Wall time spent in the runner, which the daemon's added latency leaves out.</summary>
    public TimeSpan RunnerTime { get; init; }

    /// <summary>The UTC day a cloud call's cost is booked on: the day whose cap admitted it (null for local turns).</summary>
    public DateOnly? SpendDay { get; init; }
}

/// <summary>A masked action with a reason a person can read (e.g. "thermal: soc 87.5 C >= 85 C").</summary>
public sealed record MaskedDecision(int Action, MaskReason Kind, string Reason);
