using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Tmo.Edge.Data.Migrating;

/// <summary>Brings the database to this build's schema; the daemon runs it at start, before anything else opens the file.</summary>
public sealed partial class DatabaseMigrator(IDbContextFactory<TmoEdgeDbContext> contexts, ILogger<DatabaseMigrator> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var path = db.Database.GetDbConnection().DataSource;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);

        var state = await MigrationState.ReadAsync(db, cancellationToken);
        state.ThrowIfUnknown();
        if (state.Pending.Count == 0)
        {
            return;
        }

        LogMigrating(logger, path, state.Pending);
        await db.Database.MigrateAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Migrating {DatabasePath}: {Migrations}")]
    private static partial void LogMigrating(ILogger logger, string databasePath, IReadOnlyList<string> migrations);
}
