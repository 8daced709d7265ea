namespace Tmo.Edge.Policy.Dataset;

/// <summary>One recorded user turn of an M4A1-shaped dialogue.</summary>
/// <param name="UploadedViews">Modality indices uploaded with a cloud call, in upload order (empty for local or text-only).</param>
public sealed record DialogueTurn(
    string Question,
    string Task,
    bool Cloud,
    IReadOnlyList<int> UploadedViews,
    string Answer,
    double Score,
    double InteractionTimeS,
    double UsageUsd)
{
    // The reference (tmo/data.py) scores a refusal 0 whatever the annotator gave it.
    private static readonly string[] RefusalMarkers = ["sorry", "I don't have", "can't"];

    /// <summary>
    /// Whether <see cref="Score"/> was rated. A device's own export keeps the unrated turns before a rated one (they are
    /// its history, written with a null score), but only rated turns teach the response estimator.
    /// </summary>
    public bool Scored { get; init; } = true;

    /// <summary>The response score the k-NN estimator learns from: 0 for refusals, else the recorded score.</summary>
    public double EffectiveScore =>
        RefusalMarkers.Any(marker => Answer.Contains(marker, StringComparison.Ordinal)) ? 0 : Score;
}
