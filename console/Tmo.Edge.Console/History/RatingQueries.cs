using Microsoft.EntityFrameworkCore;
using Tmo.Edge.Data;

namespace Tmo.Edge.Console.History;

/// <summary>
/// The ratings in the journal (the Policy page's "Learning from this device"): turns with a score, over the last day and
/// all time. Device feedback (`in/feedback`) and the judge both write <c>TurnRecord.Score</c>, so the journal cannot tell
/// them apart and they are counted together. The judge's shadow answers (the other side's answer to a judged turn) are
/// counted apart.
/// </summary>
public sealed class RatingQueries(IDbContextFactory<TmoEdgeDbContext> contexts, TimeProvider time)
{
    /// <summary>The window of the recent figures.</summary>
    public static readonly TimeSpan RecentWindow = TimeSpan.FromHours(24);

    /// <summary>
    /// Rated turns and their mean score, all time and among the turns answered in the last 24 h (the journal keeps when
    /// a turn was answered, not when it was rated).
    /// </summary>
    public async Task<RatingSummary> SummaryAsync(CancellationToken cancellationToken)
    {
        var since = time.GetUtcNow() - RecentWindow;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rated = db.Turns.AsNoTracking().Where(t => t.Score != null);
        var recent = rated.Where(t => t.AnsweredAt >= since);
        return new RatingSummary(
            await recent.CountAsync(cancellationToken),
            await recent.AverageAsync(t => t.Score, cancellationToken),
            await rated.CountAsync(cancellationToken),
            await rated.AverageAsync(t => t.Score, cancellationToken));
    }

    /// <summary>Shadow answers stored, all time and in the last 24 h, and their mean score.</summary>
    public async Task<ShadowSummary> ShadowsAsync(CancellationToken cancellationToken)
    {
        var since = time.GetUtcNow() - RecentWindow;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var shadows = db.ShadowAnswers.AsNoTracking();
        return new ShadowSummary(
            await shadows.CountAsync(s => s.CreatedAt >= since, cancellationToken),
            await shadows.CountAsync(cancellationToken),
            await shadows.AverageAsync(s => (double?)s.Score, cancellationToken));
    }
}

/// <summary>Counts of rated turns and their mean score in [0, 1] (null where none is rated).</summary>
public sealed record RatingSummary(int RecentCount, double? RecentMean, int AllCount, double? AllMean);

/// <summary>Counts of stored shadow answers and their mean score in [0, 1] (null where none is stored).</summary>
public sealed record ShadowSummary(int RecentCount, int AllCount, double? AllMean);
