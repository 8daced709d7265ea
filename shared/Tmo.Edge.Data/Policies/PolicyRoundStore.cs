using Microsoft.EntityFrameworkCore;
using Tmo.Edge.Data.Auditing;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Data.Policies;

/// <summary>
/// The rounds of learning on the device, promoted or held: what the console's Policy page lists and charts, and what
/// tells the daemon how many rated turns the last round used. A promotion is audited in the same transaction.
/// </summary>
public sealed class PolicyRoundStore(IDbContextFactory<TmoEdgeDbContext> contexts, TimeProvider time)
{
    public const string Actor = "daemon:learning";

    public const string PromotedAction = "policy.promoted";

    /// <summary>Records the round (its At set to now) and, when it promoted its challenger, an audit entry saying why.</summary>
    public async Task RecordAsync(PolicyRoundRecord round, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(round);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        round.At = time.GetUtcNow();
        db.PolicyRounds.Add(round);
        if (round.Promoted)
        {
            db.AuditLog.Add(AuditLog.Entry(
                round.At, Actor, PromotedAction, $"round {round.Round}: {round.ChallengerVersion} ({round.ChallengerMethod}) replaces {round.ChampionVersion}: {round.Reason}"));
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The latest round, or null before the first.</summary>
    public async Task<PolicyRoundRecord?> LatestAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.PolicyRounds.AsNoTracking().OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The latest <paramref name="count"/> rounds, oldest first.</summary>
    public async Task<IReadOnlyList<PolicyRoundRecord>> RecentAsync(int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var latest = await db.PolicyRounds.AsNoTracking().OrderByDescending(r => r.Id).Take(count).ToListAsync(cancellationToken);
        latest.Reverse();
        return latest;
    }
}
