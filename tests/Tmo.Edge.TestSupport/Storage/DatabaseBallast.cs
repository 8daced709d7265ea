using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Tmo.Edge.TestSupport.Storage;

/// <summary>
/// Fills a database file up to a page limit with rows of a table of its own, from a connection of its own (as a
/// runaway writer would), and frees the pages again by deleting them: SQLite reuses freed pages, so the file's other
/// writers can grow again without the limit moving.
/// </summary>
public static class DatabaseBallast
{
    private const int SqliteFull = 13;

    // Large rows first, then smaller ones to fill what is left, so the file ends with no free page at all.
    private static readonly int[] RowSizes = [256 * 1024, 16 * 1024, 2048, 256, 16];

    /// <summary>Grows the file at <paramref name="databasePath"/> until no page is left under <paramref name="maxDatabaseMB"/>.</summary>
    public static async Task FillAsync(string databasePath, int maxDatabaseMB)
    {
        await using var connection = await OpenAsync(databasePath);
        var pageSize = await ScalarAsync(connection, "PRAGMA page_size");
        await ExecuteAsync(connection, string.Create(CultureInfo.InvariantCulture, $"PRAGMA max_page_count={maxDatabaseMB * 1024L * 1024 / pageSize}"));
        await ExecuteAsync(connection, "CREATE TABLE IF NOT EXISTS \"Ballast\" (\"Filler\" BLOB NOT NULL)");
        foreach (var size in RowSizes)
        {
            while (await TryInsertAsync(connection, size))
            {
            }
        }

        if (await ScalarAsync(connection, "PRAGMA freelist_count") != 0)
        {
            throw new InvalidOperationException("The ballast left free pages in the file.");
        }
    }

    /// <summary>Deletes the ballast: its pages go to the file's free list, for any writer to reuse.</summary>
    public static async Task FreeAsync(string databasePath)
    {
        await using var connection = await OpenAsync(databasePath);
        await ExecuteAsync(connection, "DELETE FROM \"Ballast\"");
    }

    private static async Task<bool> TryInsertAsync(SqliteConnection connection, int size)
    {
        try
        {
            await ExecuteAsync(connection, string.Create(CultureInfo.InvariantCulture, $"INSERT INTO \"Ballast\" VALUES (zeroblob({size}))"));
            return true;
        }
        catch (SqliteException error) when (error.SqliteErrorCode == SqliteFull)
        {
            return false;
        }
    }

    private static async Task<SqliteConnection> OpenAsync(string databasePath)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        await connection.OpenAsync();
        // Ballast need not survive a power cut; waiting for the daemon's writer is what a real neighbour would do.
        await ExecuteAsync(connection, "PRAGMA busy_timeout=10000; PRAGMA synchronous=OFF");
        return connection;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
