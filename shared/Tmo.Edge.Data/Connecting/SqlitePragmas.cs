using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Tmo.Edge.Data.Connecting;

/// <summary>
/// Settings SQLite keeps per connection (journal_mode persists in the file, the rest do not), applied each time EF
/// opens one; on a pooled connection they are already in effect and cost microseconds.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    // busy_timeout comes first so that even switching a new file to WAL waits for a concurrent opener.
    // WAL lets the console read while the daemon writes.
    // synchronous=FULL syncs the WAL on every commit: the daily spend ledger records money and an accepted turn is
    // acknowledged to the device right after its commit, so neither may be lost to a power cut (NORMAL can lose the
    // last commits).
    // foreign_keys is off in SQLite unless each connection asks.
    public const string Statements =
        "PRAGMA busy_timeout=5000; PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;";

    public static readonly SqlitePragmas Interceptor = new();

    private SqlitePragmas()
    {
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Statements;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(
        DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Statements;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
