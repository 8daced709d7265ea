namespace Tmo.Edge.Daemon.Judging;

/// <summary>What <see cref="JudgeScoreParser"/> made of a judge's reply: a rating on the paper's 1-10 scale, or why there is none.</summary>
public sealed record JudgeScore(double? Rating, string? Refusal)
{
    public const double Lowest = 1;
    public const double Highest = 10;

    public bool IsRated => Rating is not null;

    /// <summary>
    /// The rating as the journal stores it, 0..1. The paper divides by the judge's rating of a reference answer; the
    /// device has none, so the rating is divided by the top of the scale (docs/policy.md, "Learning on the device").
    /// </summary>
    public double Normalised => (Rating ?? throw new InvalidOperationException($"No rating: {Refusal}")) / Highest;

    public static JudgeScore Rated(double rating) => new(rating, null);

    public static JudgeScore Refused(string reason) => new(null, reason);
}
