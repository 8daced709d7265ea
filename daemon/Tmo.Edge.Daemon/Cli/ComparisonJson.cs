using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Policy.Evaluation;

namespace Tmo.Edge.Daemon.Cli;

/// <summary>A comparison as the `policy eval --json` document (<see cref="PolicyEvaluation"/>), indented for people.</summary>
internal static class ComparisonJson
{
    public static string Serialize(ComparisonReport report) =>
        ContractJson.WriteIndented(Evaluation(report), ContractJsonContext.Default.PolicyEvaluation);

    private static PolicyEvaluation Evaluation(ComparisonReport report) => new(
        report.Methods.Select(m => new EvaluatedMethod(
            m.Name,
            m.ResponseScore.Mean,
            m.AssociationScore.Mean,
            m.LatencyS.Mean,
            m.UsageUsd.Mean,
            m.Reward.Mean,
            m.LatencyViolationShare.Mean,
            m.UsageViolationShare.Mean,
            m.LatencyExcessS.Mean,
            m.UsageExcessUsd.Mean,
            m.RefusedShare.Mean,
            m.OracleShare?.Mean,
            m.Selected.Any(s => s is not null) ? m.Selected : null,
            new EvaluatedActions(m.Actions.Local, m.Actions.CloudText, m.Actions.CloudViews, m.Actions.Refused),
            new EvaluatedSpread(
                m.ResponseScore.Std, m.AssociationScore.Std, m.LatencyS.Std, m.UsageUsd.Std, m.Reward.Std,
                m.LatencyViolationShare.Std, m.UsageViolationShare.Std, m.LatencyExcessS.Std, m.UsageExcessUsd.Std,
                m.RefusedShare.Std, m.OracleShare?.Std))).ToArray(),
        report.Seeds,
        new EvaluatedBudgets(report.Budgets.LatencyS, report.Budgets.UsageUsd),
        report.LivePath ? PolicyEvaluation.LivePath : PolicyEvaluation.OfflinePath);
}
