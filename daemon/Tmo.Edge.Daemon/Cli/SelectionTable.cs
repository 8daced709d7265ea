using System.Text;
using Tmo.Edge.Policy.Checkpoints;

namespace Tmo.Edge.Daemon.Cli;

/// <summary>The candidates `--algo auto` trained, as `policy train` and `policy show` print them.</summary>
internal static class SelectionTable
{
    public static string Render(CheckpointSelection selection)
    {
        var budgets = string.Join(" and ", selection.Budgets.Select(b => $"{b.LatencyS:0.###} s / {b.UsageUsd:0.####} USD"));
        var text = new StringBuilder();
        text.AppendLine($"Auto selection: shielded reward on a validation split of {selection.ValidationShare:P0} of the training dialogues, at {budgets}; shipped the best with no budget violation.");
        text.AppendLine();
        text.AppendLine($"| Candidate | Seed | {string.Join(" | ", selection.Budgets.Select(b => $"Reward at {b.LatencyS:0.###} s"))} | Mean | Over budget | Refused turns |");
        text.AppendLine($"|---|---|{string.Concat(selection.Budgets.Select(_ => "---|"))}---|---|---|");
        foreach (var c in selection.Candidates.OrderByDescending(c => c.MeanReward))
        {
            var mark = selection.Shipped is { } shipped && c.Method == shipped.Method && c.Seed == shipped.Seed ? " (shipped)" : string.Empty;
            text.AppendLine(
                $"| {c.Method}{mark} | {c.Seed} | {string.Join(" | ", c.ValidationRewards.Select(r => r.ToString("0.000")))} | {c.MeanReward:0.000} " +
                $"| {c.ViolationShare:P0} | {c.RefusedShare:P1} |");
        }

        return text.ToString();
    }
}
