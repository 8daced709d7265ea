using System.Text.Json.Serialization;

namespace Tmo.Edge.Core.Contracts;

/// <summary>
/// The `tmo-edge policy eval --json` document, also kept beside a checkpoint as "{checkpoint}.evaluation.json" (written
/// by `make run` and by a retraining run, read by the console): each method's means over seeds, with their standard
/// deviations, at the budgets it names. <paramref name="Path"/> is "offline" (profile costs) or "live" (the daemon's
/// decision code, `--live`). Written indented; a null oracle share or selection is written as null, not left out.
/// </summary>
public sealed record PolicyEvaluation(IReadOnlyList<EvaluatedMethod> Methods, IReadOnlyList<int>? Seeds, EvaluatedBudgets? Budgets, string? Path)
{
    public const string OfflinePath = "offline";
    public const string LivePath = "live";
}

/// <summary>The per-dialogue budgets an evaluation was measured at.</summary>
public sealed record EvaluatedBudgets(double LatencyS, double UsageUsd);

/// <summary>
/// One method's row (means over seeds). <paramref name="OracleShare"/> (reward as a share of the Oracle's) is null when
/// the Oracle was not among the methods; <paramref name="Selected"/> names, per seed, the method auto selection picked
/// (null when it never ran).
/// </summary>
public sealed record EvaluatedMethod(
    string Name,
    double ResponseScore,
    double AssociationScore,
    double LatencyS,
    double UsageUsd,
    double Reward,
    double LatencyViolationShare,
    double UsageViolationShare,
    double LatencyExcessS,
    double UsageExcessUsd,
    double RefusedShare,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? OracleShare,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] IReadOnlyList<string?>? Selected,
    EvaluatedActions? Actions,
    EvaluatedSpread? Std);

/// <summary>Turn counts by kind of decision, summed over seeds.</summary>
public sealed record EvaluatedActions(int Local, int CloudText, int CloudViews, int Refused);

/// <summary>The standard deviations over seeds of a method's means.</summary>
public sealed record EvaluatedSpread(
    double ResponseScore,
    double AssociationScore,
    double LatencyS,
    double UsageUsd,
    double Reward,
    double LatencyViolationShare,
    double UsageViolationShare,
    double LatencyExcessS,
    double UsageExcessUsd,
    double RefusedShare,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? OracleShare);
