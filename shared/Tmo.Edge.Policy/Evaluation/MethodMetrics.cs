using Tmo.Edge.Policy.Actions;

namespace Tmo.Edge.Policy.Evaluation;

/// <summary>
/// One method's results on a test split (reference tmo/evaluator.py): per-dialogue means averaged over dialogues,
/// the share of dialogues over each budget and the mean excess among those, and the action histogram.
/// <paramref name="Selected"/> names the method auto selection picked for this split (null for any other method).
/// </summary>
public sealed record MethodMetrics(
    double ResponseScore,
    double AssociationScore,
    double LatencyS,
    double UsageUsd,
    double Reward,
    double LatencyViolationShare,
    double UsageViolationShare,
    double LatencyExcessS,
    double UsageExcessUsd,
    ActionHistogram Actions,
    string? Selected = null)
{
    public static MethodMetrics Summarise(IReadOnlyList<DialogueOutcome> dialogues, EvaluationBudgets budgets, ActionSpace actionSpace)
    {
        ArgumentNullException.ThrowIfNull(dialogues);
        ArgumentNullException.ThrowIfNull(budgets);
        ArgumentNullException.ThrowIfNull(actionSpace);
        var overLatency = dialogues.Where(d => d.LatencyS > budgets.LatencyS).Select(d => d.LatencyS - budgets.LatencyS).ToArray();
        var overUsage = dialogues.Where(d => d.UsageUsd > budgets.UsageUsd).Select(d => d.UsageUsd - budgets.UsageUsd).ToArray();
        return new MethodMetrics(
            dialogues.Average(d => d.Response),
            dialogues.Average(d => d.Association),
            dialogues.Average(d => d.LatencyS),
            dialogues.Average(d => d.UsageUsd),
            dialogues.Average(d => d.Reward),
            (double)overLatency.Length / dialogues.Count,
            (double)overUsage.Length / dialogues.Count,
            overLatency.Length == 0 ? 0 : overLatency.Average(),
            overUsage.Length == 0 ? 0 : overUsage.Average(),
            ActionHistogram.Of(dialogues.SelectMany(d => d.Actions), actionSpace));
    }
}

/// <summary>Turn counts by kind of decision; Refused counts turns where no action fitted (the shield answered budget-exhausted, or the Oracle found none).</summary>
public sealed record ActionHistogram(int Local, int CloudText, int CloudViews, int Refused)
{
    public int Total => Local + CloudText + CloudViews + Refused;

    public double RefusedShare => Total == 0 ? 0 : (double)Refused / Total;

    public static ActionHistogram Of(IEnumerable<int> actions, ActionSpace actionSpace)
    {
        ArgumentNullException.ThrowIfNull(actions);
        ArgumentNullException.ThrowIfNull(actionSpace);
        int local = 0, cloudText = 0, cloudViews = 0, refused = 0;
        foreach (var action in actions)
        {
            if (action == DialogueOutcome.RefusedTurn)
            {
                refused++;
            }
            else if (!ActionSpace.IsCloud(action))
            {
                local++;
            }
            else if (actionSpace.ViewCountOf(action) == 0)
            {
                cloudText++;
            }
            else
            {
                cloudViews++;
            }
        }

        return new ActionHistogram(local, cloudText, cloudViews, refused);
    }
}
