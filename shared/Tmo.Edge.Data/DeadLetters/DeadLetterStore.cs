using Microsoft.EntityFrameworkCore;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Data.DeadLetters;

/// <summary>
/// The messages ingestion gave up on. Written outside the journal's group commit: a dead letter is rare, and it is
/// written exactly when the journal may be the thing failing, so it must not queue behind it.
/// </summary>
public sealed class DeadLetterStore(IDbContextFactory<TmoEdgeDbContext> contexts)
{
    /// <summary>
    /// Records the message, or adds to the row of the same fingerprint (a message sent again after it was given up
    /// on), and commits before returning: only then may the broker have its acknowledgement.
    /// </summary>
    public async Task StoreAsync(DeadLetter letter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(letter);
        letter.Validate();

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var existing = await db.DeadLetters.SingleOrDefaultAsync(d => d.Fingerprint == letter.Fingerprint, cancellationToken);
        if (existing is null)
        {
            db.DeadLetters.Add(letter.ToRecord());
        }
        else
        {
            var record = letter.ToRecord();
            existing.Reason = record.Reason;
            existing.LastFailedAt = record.LastFailedAt;
            existing.Attempts += record.Attempts;
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The newest first, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<DeadLetterRecord>> RecentAsync(int limit, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.DeadLetters.AsNoTracking().OrderByDescending(d => d.LastFailedAt).ThenByDescending(d => d.Id).Take(limit).ToListAsync(cancellationToken);
    }
}
