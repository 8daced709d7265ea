using System.Text;
using Tmo.Edge.Policy.Evaluation;

namespace Tmo.Edge.Daemon.Cli;

/// <summary>Renders a comparison as a Markdown table: mean +- std over seeds for every metric.</summary>
internal static class ComparisonTable
{
    public static string Render(ComparisonReport report)
    {
        var text = new StringBuilder();
        var path = report.LivePath ? "live path (the daemon's turn processor, shield and replay quotes)" : "offline (profile costs)";
        text.AppendLine($"Budgets per dialogue: {report.Budgets.LatencyS:0.###} s, {report.Budgets.UsageUsd:0.####} USD; {path}; seeds {string.Join(", ", report.Seeds)}; mean +- std over seeds.");
        text.AppendLine();
        text.AppendLine("| Method | Response | Association | Latency (s) | Usage (USD) | Reward | Share of Oracle | Over latency | Over usage | Latency excess (s) | Usage excess (USD) | Refused turns | Local / Cloud text / Cloud views / Refused |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var m in report.Methods)
        {
            var a = m.Actions;
            text.AppendLine(
                $"| {m.Name} | {F(m.ResponseScore, "0.000")} | {F(m.AssociationScore, "0.000")} | {F(m.LatencyS, "0.00")} | {F(m.UsageUsd, "0.00000")} " +
                $"| {F(m.Reward, "0.000")} | {OracleShare(m.OracleShare)} | {Share(m.LatencyViolationShare)} | {Share(m.UsageViolationShare)} | {F(m.LatencyExcessS, "0.00")} " +
                $"| {F(m.UsageExcessUsd, "0.00000")} | {Share(m.RefusedShare)} | {a.Local} / {a.CloudText} / {a.CloudViews} / {a.Refused} |");
        }

        return text.ToString();
    }

    private static string F(Statistic s, string format) => $"{s.Mean.ToString(format)} +- {s.Std.ToString(format)}";

    private static string Share(Statistic s) => $"{s.Mean:P0} +- {s.Std:P0}";

    private static string OracleShare(Statistic? s) => s is { } share ? $"{share.Mean:P1} +- {share.Std:P1}" : "-";
}
