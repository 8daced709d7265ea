using System.Text.Json;
using System.Text.Json.Serialization;
using Tmo.Edge.Policy.Evaluation;

namespace Tmo.Edge.Daemon.Cli;

/// <summary>
/// The `policy eval --json` document: {"methods":[{"name", metric means ..., "actions": {...}, "std": {...}}]}.
/// "oracleShare" (reward as a share of the Oracle's) is null when the Oracle was not among the methods.
/// Field names are a contract: add fields, never rename.
/// </summary>
internal static class ComparisonJson
{
    public static string Serialize(ComparisonReport report)
    {
        var document = new ComparisonDocument(
            report.Methods.Select(m => new MethodDocument(
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
                new ActionsDocument(m.Actions.Local, m.Actions.CloudText, m.Actions.CloudViews, m.Actions.Refused),
                new StdDocument(
                    m.ResponseScore.Std, m.AssociationScore.Std, m.LatencyS.Std, m.UsageUsd.Std, m.Reward.Std,
                    m.LatencyViolationShare.Std, m.UsageViolationShare.Std, m.LatencyExcessS.Std, m.UsageExcessUsd.Std,
                    m.RefusedShare.Std, m.OracleShare?.Std))).ToArray(),
            report.Seeds,
            new BudgetsDocument(report.Budgets.LatencyS, report.Budgets.UsageUsd),
            report.LivePath ? "live" : "offline");
        return JsonSerializer.Serialize(document, ComparisonJsonContext.Default.ComparisonDocument);
    }
}

/// <param name="Path">"offline" (profile costs) or "live" (the daemon's decision code, `--live`).</param>
internal sealed record ComparisonDocument(IReadOnlyList<MethodDocument> Methods, IReadOnlyList<int> Seeds, BudgetsDocument Budgets, string Path);

internal sealed record BudgetsDocument(double LatencyS, double UsageUsd);

internal sealed record MethodDocument(
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
    double? OracleShare,
    IReadOnlyList<string?>? Selected,
    ActionsDocument Actions,
    StdDocument Std);

/// <summary>Turn counts summed over seeds.</summary>
internal sealed record ActionsDocument(int Local, int CloudText, int CloudViews, int Refused);

internal sealed record StdDocument(
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
    double? OracleShare);

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ComparisonDocument))]
internal sealed partial class ComparisonJsonContext : JsonSerializerContext;
