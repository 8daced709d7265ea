using Microsoft.EntityFrameworkCore;

namespace Tmo.Edge.Data.Spending;

/// <summary>Reads the spend ledger that <see cref="Journal.TurnJournal.CompleteAsync"/> books turns into.</summary>
public sealed class DailySpendLedger(IDbContextFactory<TmoEdgeDbContext> contexts, TimeProvider time)
{
    /// <summary>What has been spent so far on the current UTC day; zero when nothing has.</summary>
    public async Task<DailySpend> TodayAsync(CancellationToken cancellationToken)
    {
        var day = UtcDay(time.GetUtcNow());
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.DailySpend.AsNoTracking()
            .Where(d => d.Day == day)
            .Select(d => new DailySpend(d.Day, d.CloudUsd, d.LocalUsd))
            .SingleOrDefaultAsync(cancellationToken)
            ?? new DailySpend(day, 0, 0);
    }

    /// <summary>Every day the ledger has booked, oldest first (one row per day, and the ledger is never pruned).</summary>
    public async Task<IReadOnlyList<DailySpend>> DaysAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.DailySpend.AsNoTracking()
            .OrderBy(d => d.Day)
            .Select(d => new DailySpend(d.Day, d.CloudUsd, d.LocalUsd))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Days are UTC so that a daily cap means the same wherever the device is.</summary>
    public static DateOnly UtcDay(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);
}
