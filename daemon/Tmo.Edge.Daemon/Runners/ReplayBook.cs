using Tmo.Edge.Core.Runners;
using Tmo.Edge.Policy.Costs;
using Tmo.Edge.Policy.Dataset;

namespace Tmo.Edge.Daemon.Runners;

/// <summary>
/// M4A1's recorded turns indexed by question, so a replayed prompt is answered with what was recorded for it.
/// A recorded turn at the same location (and, for the cloud, the same number of views) gives the answer, score,
/// latency and usage; otherwise the recorded answer with the device/cloud profile's cost for that call; a prompt
/// M4A1 never asked gets a placeholder answer at profile cost. Lookups are deterministic, so the quote the shield
/// plans with is exactly what the turn then costs.
/// </summary>
public sealed class ReplayBook(DialogueDataset dataset, CostTable costs)
{
    private readonly ILookup<string, DialogueTurn> _byQuestion =
        dataset.Episodes.SelectMany(e => e.Turns).ToLookup(t => t.Question.Trim(), StringComparer.Ordinal);

    public ReplayAnswer Lookup(string prompt, RunnerLocation location, int viewCount)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        var recorded = _byQuestion[prompt.Trim()].ToArray();
        var cloud = location == RunnerLocation.Cloud;
        var exact = recorded.FirstOrDefault(t => t.Cloud == cloud && (!cloud || t.UploadedViews.Count == viewCount));
        if (exact is not null && exact.InteractionTimeS > 0)
        {
            return new ReplayAnswer(exact.Answer, exact.InteractionTimeS, exact.UsageUsd, exact.EffectiveScore, Recorded: true);
        }

        var (latency, usage) = ProfileCost(cloud, viewCount);
        var text = recorded.FirstOrDefault(t => t.Cloud == cloud)?.Answer ?? recorded.FirstOrDefault()?.Answer
            ?? $"(replay) M4A1 has no recorded answer for \"{prompt}\".";
        return new ReplayAnswer(text, latency, usage, Score: null, Recorded: false);
    }

    private (double LatencyS, double UsageUsd) ProfileCost(bool cloud, int viewCount) =>
        cloud
            ? (costs.Cloud.TimeS[viewCount], costs.Cloud.UsageUsd[viewCount])
            : (costs.Device.LocalTimeS, costs.Device.LocalUsageUsd);
}

/// <summary>A replayed answer and its cost; Recorded when it is the dataset's own measurement.</summary>
public sealed record ReplayAnswer(string Text, double LatencyS, double UsageUsd, double? Score, bool Recorded);
