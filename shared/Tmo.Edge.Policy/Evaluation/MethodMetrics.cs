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
    string? Selected = null);

/// <summary>Turn counts by kind of decision; Refused counts turns the shield answered with budget-exhausted.</summary>
public sealed record ActionHistogram(int Local, int CloudText, int CloudViews, int Refused)
{
    public int Total => Local + CloudText + CloudViews + Refused;
}
