using Tmo.Edge.Data.Policies;

namespace Tmo.Edge.Console.Policies;

/// <summary>One method's row of a `tmo-edge policy eval --json` document (means over seeds).</summary>
public sealed record EvaluatedMethod(
    string Name, double ResponseScore, double LatencyS, double UsageUsd, double Reward, double LatencyViolationShare, double UsageViolationShare,
    double? OracleShare = null);

/// <summary>The per-dialogue budgets an evaluation was measured at.</summary>
public sealed record EvaluatedBudgets(double LatencyS, double UsageUsd);

/// <summary>
/// The evaluation kept beside a checkpoint, "{checkpoint}.evaluation.json", in the `policy eval --json` format: the
/// checkpoint's method against the baselines on the test split, at the budgets it names. Written by `make run` and by a
/// retraining run.
/// </summary>
public sealed record PolicyEvaluation(IReadOnlyList<EvaluatedMethod> Methods, IReadOnlyList<int>? Seeds, EvaluatedBudgets? Budgets, string? Path)
{
    public static string PathFor(string checkpointPath) => checkpointPath + PolicyVersionStore.EvaluationFileSuffix;

    /// <summary>The evaluation, or null when there is no readable one next to the checkpoint.</summary>
    public static async Task<PolicyEvaluation?> ReadAsync(string checkpointPath, CancellationToken cancellationToken) =>
        await JsonFile.TryReadAsync<PolicyEvaluation>(PathFor(checkpointPath), cancellationToken) is { Methods: not null } evaluation ? evaluation : null;
}
