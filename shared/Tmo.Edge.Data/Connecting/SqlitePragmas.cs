using System.Data.Common;
using System.Globalization;
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

    private const long BytesPerMB = 1024 * 1024;

    /// <summary>No size limit beyond the disk's.</summary>
    public static readonly SqlitePragmas Interceptor = new(maxDatabaseMB: null);

    private readonly long? _maxBytes;

    private SqlitePragmas(int? maxDatabaseMB) => _maxBytes = maxDatabaseMB * BytesPerMB;

    /// <summary>The settings, with the file capped at <paramref name="maxDatabaseMB"/> MiB where one is given.</summary>
    public static SqlitePragmas Limited(int? maxDatabaseMB) => maxDatabaseMB is null ? Interceptor : new(maxDatabaseMB);

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Statements;
        command.ExecuteNonQuery();
        if (_maxBytes is { } maxBytes)
        {
            // max_page_count counts pages, whose size the file fixed when it was created.
            command.CommandText = "PRAGMA page_size";
            var pageSize = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
            command.CommandText = MaxPageCount(maxBytes, pageSize);
            command.ExecuteNonQuery();
        }
    }

    public override async Task ConnectionOpenedAsync(
        DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Statements;
        await command.ExecuteNonQueryAsync(cancellationToken);
        if (_maxBytes is { } maxBytes)
        {
            command.CommandText = "PRAGMA page_size";
            var pageSize = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            command.CommandText = MaxPageCount(maxBytes, pageSize);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    // SQLite never sets the limit below the file's current size, so a file already over it just stops growing.
    private static string MaxPageCount(long maxBytes, long pageSize) =>
        string.Create(CultureInfo.InvariantCulture, $"PRAGMA max_page_count={Math.Max(1, maxBytes / pageSize)}");
}
