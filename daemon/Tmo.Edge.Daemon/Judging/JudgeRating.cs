namespace Tmo.Edge.Daemon.Judging;

/// <summary>The judge's verdict on one answer: a score in [0, 1] (the rating over the top of the scale), or why there is none.</summary>
public sealed record JudgeRating(JudgeResult Result, double? Score)
{
    public static JudgeRating Dropped(JudgeResult result) => new(result, null);
}
