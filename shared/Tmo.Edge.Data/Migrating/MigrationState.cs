using Microsoft.EntityFrameworkCore;

namespace Tmo.Edge.Data.Migrating;

/// <summary>How the migrations recorded in a database compare with the ones this build carries.</summary>
internal sealed record MigrationState(string DatabasePath, IReadOnlyList<string> Unknown, IReadOnlyList<string> Pending)
{
    public static async Task<MigrationState> ReadAsync(TmoEdgeDbContext db, CancellationToken cancellationToken)
    {
        var applied = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).ToList();
        var known = db.Database.GetMigrations().ToList();
        return new MigrationState(
            db.Database.GetDbConnection().DataSource,
            applied.Except(known, StringComparer.Ordinal).ToList(),
            known.Except(applied, StringComparer.Ordinal).ToList());
    }

    /// <summary>A newer build migrated this database; an older one must not write to a schema it does not know.</summary>
    public void ThrowIfUnknown()
    {
        if (Unknown.Count > 0)
        {
            throw new InvalidOperationException(
                $"The database {DatabasePath} has migrations this build does not know: {string.Join(", ", Unknown)}. " +
                "It was written by a newer Tmo.Edge; install that version (or newer) instead.");
        }
    }

    public void ThrowIfPending()
    {
        if (Pending.Count > 0)
        {
            throw new InvalidOperationException(
                $"The database {DatabasePath} lacks migrations this build needs: {string.Join(", ", Pending)}. " +
                "Start the daemon once, which migrates it, before reading it.");
        }
    }
}
