using Microsoft.EntityFrameworkCore;

namespace Tmo.Edge.Data.Migrating;

/// <summary>
/// The guard of the console at start (and of `data export`): neither migrates (the daemon owns the schema), so they
/// refuse a database that is behind or ahead of this build rather than misread it.
/// </summary>
public sealed class SchemaCheck(IDbContextFactory<TmoEdgeDbContext> contexts)
{
    public async Task EnsureKnownSchemaAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var path = db.Database.GetDbConnection().DataSource;
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"There is no database at {path}. Start the daemon, which creates it, before the console.");
        }

        var state = await MigrationState.ReadAsync(db, cancellationToken);
        state.ThrowIfUnknown();
        state.ThrowIfPending();
    }
}
