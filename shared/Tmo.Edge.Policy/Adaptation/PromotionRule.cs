using System.Globalization;

namespace Tmo.Edge.Policy.Adaptation;

/// <summary>
/// When a challenger replaces the champion: better on the device's held-out dialogues by at least
/// <paramref name="MinDeviceGain"/>, not worse on the dataset's test split by more than <paramref name="DatasetMargin"/>
/// (a drifted device may rightly give up some of the dataset's reward), and no dialogue over a budget on either.
/// Judged only with at least <paramref name="MinHeldOutDialogues"/> held-out dialogues.
/// </summary>
public sealed record PromotionRule(double MinDeviceGain = 0.01, double DatasetMargin = 0.05, int MinHeldOutDialogues = 8)
{
    public PromotionVerdict Decide(PolicyScores champion, PolicyScores challenger)
    {
        ArgumentNullException.ThrowIfNull(champion);
        ArgumentNullException.ThrowIfNull(challenger);
        var against = new List<string>();
        if (challenger.DeviceReward < champion.DeviceReward + MinDeviceGain)
        {
            against.Add(Invariant($"device reward {challenger.DeviceReward:F3} is not {MinDeviceGain:F3} above the champion's {champion.DeviceReward:F3}"));
        }

        if (challenger.DatasetReward < champion.DatasetReward - DatasetMargin)
        {
            against.Add(Invariant($"dataset reward {challenger.DatasetReward:F3} is more than {DatasetMargin:F3} below the champion's {champion.DatasetReward:F3}"));
        }

        if (challenger.Violations > 0)
        {
            against.Add(Invariant($"{challenger.Violations} dialogues over a budget"));
        }

        var promote = against.Count == 0;
        var reason = promote
            ? Invariant($"device reward {challenger.DeviceReward:F3} > {champion.DeviceReward:F3}; dataset reward {challenger.DatasetReward:F3} vs {champion.DatasetReward:F3}; 0 violations")
            : string.Join("; ", against);
        return new PromotionVerdict(promote, champion, challenger, reason);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A policy's mean reward on the device's held-out dialogues and on the dataset's test split, and its dialogues over a budget on both.</summary>
public sealed record PolicyScores(double DeviceReward, double DatasetReward, int Violations);

/// <summary>Whether the challenger was promoted, both policies' scores and the reason in words.</summary>
public sealed record PromotionVerdict(bool Promote, PolicyScores Champion, PolicyScores Challenger, string Reason);
