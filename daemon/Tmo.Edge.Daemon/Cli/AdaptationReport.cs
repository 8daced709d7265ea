using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Tmo.Edge.Daemon.LivePath;

namespace Tmo.Edge.Daemon.Cli;

/// <summary>
/// `policy adapt`'s results: adaptation.json {"scenarios":[{"name","staticReward","adaptiveReward","oracleReward",
/// "judgeUsd","dialoguesToRecover","violations", ...}]} (field names are a contract: add, never rename) and the Markdown
/// table. The per-dialogue rewards go to the plot (<see cref="AdaptationChart"/>), not the JSON.
/// </summary>
internal static class AdaptationReport
{
    public static string Json(IReadOnlyList<AdaptationResult> results, AdaptationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(settings);
        var document = new AdaptationDocument(
            results.Select(r => new ScenarioDocument(
                r.Name, r.Drift, r.StaticReward, r.AdaptiveReward, r.OracleReward, r.InformedReward, r.JudgeUsd, r.DialoguesToRecover, r.Violations,
                r.StaticViolations, r.JudgeMaxDailyUsd, r.JudgeDailyCapUsd, r.RatedTurns, r.ShadowTurns, r.DroppedForCap, r.Rounds, r.PromotedAt,
                r.SecondHalfRecoveredShare, r.WallTimeS, r.RoundLog)).ToArray(),
            settings.Dialogues, settings.DialoguesPerDay, settings.JudgeShare, settings.ShadowShare, settings.JudgeNoise, settings.RecoveryWindow, settings.Seed);
        return JsonSerializer.Serialize(document, AdaptationJsonContext.Default.AdaptationDocument);
    }

    public static string Markdown(IReadOnlyList<AdaptationResult> results, AdaptationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(settings);
        var text = new StringBuilder();
        text.AppendLine(Invariant($"{settings.Dialogues:N0} dialogues per scenario, judge share {settings.JudgeShare:P0} (shadow answers for {settings.ShadowShare:P0} of those), judge cap {settings.JudgeDailyCapUsd:0.###} USD per day of {settings.DialoguesPerDay} dialogues; recovery over a trailing {settings.RecoveryWindow}-dialogue window."));
        text.AppendLine();
        text.AppendLine("| Scenario | Drift | Static | Adaptive | Informed | Oracle | Gap recovered (2nd half) | Dialogues to recover half | Judge USD (max/day, cap) | Rated / shadow / dropped | Rounds / promotions | Violations |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            var recover = r.DialoguesToRecover is { } d ? d.ToString("N0", CultureInfo.InvariantCulture) : "not reached";
            text.AppendLine(Invariant(
                $"| {r.Name} | {r.Drift} | {r.StaticReward:F3} | {r.AdaptiveReward:F3} | {r.InformedReward:F3} | {r.OracleReward:F3} | {r.SecondHalfRecoveredShare:P0} | {recover} | {r.JudgeUsd:0.###} ({r.JudgeMaxDailyUsd:0.###}, {r.JudgeDailyCapUsd:0.###}) | {r.RatedTurns} / {r.ShadowTurns} / {r.DroppedForCap} | {r.Rounds} / {r.PromotedAt.Count} | {r.Violations} |"));
        }

        return text.ToString();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

internal sealed record AdaptationDocument(
    IReadOnlyList<ScenarioDocument> Scenarios, int Dialogues, int DialoguesPerDay, double JudgeShare, double ShadowShare, double JudgeNoise, int RecoveryWindow, int Seed);

internal sealed record ScenarioDocument(
    string Name,
    string Drift,
    double StaticReward,
    double AdaptiveReward,
    double OracleReward,
    double InformedReward,
    double JudgeUsd,
    int? DialoguesToRecover,
    int Violations,
    int StaticViolations,
    double JudgeMaxDailyUsd,
    double JudgeDailyCapUsd,
    int RatedTurns,
    int ShadowTurns,
    int DroppedForCap,
    int Rounds,
    IReadOnlyList<int> PromotedAt,
    double SecondHalfRecoveredShare,
    double WallTimeS,
    IReadOnlyList<AdaptationRound> RoundLog);

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(AdaptationDocument))]
internal sealed partial class AdaptationJsonContext : JsonSerializerContext;
