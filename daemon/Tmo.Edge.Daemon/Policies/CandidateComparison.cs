using System.Globalization;
using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Daemon.Decisions;
using Tmo.Edge.Policy.Evaluation;
using Tmo.Edge.Policy.Training;

namespace Tmo.Edge.Daemon.Policies;

/// <summary>
/// A retrained candidate against the active policy on one evaluation: the candidate's test split, the checkpoint's
/// budgets, the shield with the profile costs and one response estimator, so the two rows differ only by policy (the
/// baseline table beside a checkpoint comes from another split and cannot be compared with the active one's).
/// </summary>
public static class CandidateComparison
{
    /// <summary>Scores below this difference are a tie, not a regression (floating-point noise of the same rollout).</summary>
    private const double Tolerance = 1e-9;

    public static PolicyComparison Run(
        SplitWorkspace workspace, PolicyRuntime active, PolicyRuntime candidate, EvaluationBudgets budgets, int maxDialogueTurns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(active);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(budgets);
        var estimator = workspace.FitEstimator();
        var shield = workspace.ShieldPlan(maxDialogueTurns);
        var oracle = new OracleEvaluator(workspace.Scenario, estimator, budgets).Evaluate(workspace.Test, cancellationToken);

        PolicyScore Score(PolicyRuntime policy)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var evaluator = new PolicyEvaluator(workspace.Scenario, estimator, budgets) { Shield = shield };
            // A clone: the active policy's network is shared with the decision lanes.
            var metrics = evaluator.Evaluate(policy.Policy.Clone(), policy.Checkpoint.ResourceConstrained, workspace.Test);
            return new PolicyScore(
                policy.Version, metrics.Reward, metrics.LatencyViolationShare, metrics.UsageViolationShare, metrics.Actions.RefusedShare,
                oracle.Reward > 0 ? metrics.Reward / oracle.Reward : null);
        }

        var activeScore = Score(active);
        var candidateScore = Score(candidate);
        return new PolicyComparison(budgets.LatencyS, budgets.UsageUsd, workspace.Test.Count, activeScore, candidateScore, WorseOn(activeScore, candidateScore));
    }

    /// <summary>Each measure where <paramref name="candidate"/> is worse than <paramref name="active"/>, in words.</summary>
    public static IReadOnlyList<string> WorseOn(PolicyScore active, PolicyScore candidate)
    {
        ArgumentNullException.ThrowIfNull(active);
        ArgumentNullException.ThrowIfNull(candidate);
        var worse = new List<string>();
        if (candidate.Reward < active.Reward - Tolerance)
        {
            worse.Add(Invariant($"reward {candidate.Reward:F3} < {active.Reward:F3}"));
        }

        AddHigher(worse, "latency overruns", candidate.LatencyViolationShare, active.LatencyViolationShare);
        AddHigher(worse, "usage overruns", candidate.UsageViolationShare, active.UsageViolationShare);
        AddHigher(worse, "refused turns", candidate.RefusedShare, active.RefusedShare);
        return worse;
    }

    private static void AddHigher(List<string> worse, string measure, double candidate, double active)
    {
        if (candidate > active + Tolerance)
        {
            worse.Add(Invariant($"{measure} {candidate:P1} > {active:P1}"));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
