using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Tmo.Edge.Data.Connecting;

/// <summary>Where the database file lives and how every process opens it.</summary>
public static class SqliteDatabase
{
    public const string FileName = "tmo-edge.db";

    public static string PathIn(string dataDirectory) => Path.Combine(Path.GetFullPath(dataDirectory), FileName);

    public static string ConnectionString(string dataDirectory) => new SqliteConnectionStringBuilder
    {
        DataSource = PathIn(dataDirectory),
        Mode = SqliteOpenMode.ReadWriteCreate,

        // A shared cache would put every connection of the process behind one table-level lock and give up WAL's
        // concurrent readers; each connection keeps its own.
        Cache = SqliteCacheMode.Private,
        Pooling = true,
    }.ToString();

    /// <summary>SQLite on the data directory's file, with <see cref="SqlitePragmas"/> applied on every open.</summary>
    public static DbContextOptionsBuilder UseTmoEdgeSqlite(this DbContextOptionsBuilder builder, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseSqlite(ConnectionString(dataDirectory)).AddInterceptors(SqlitePragmas.Interceptor);
    }

    /// <summary>
    /// SQLite on an existing database file named by its path (`data export --journal`, on the daemon's live file or a
    /// copy), never creating one; unpooled, so a one-shot command leaves nothing open behind it.
    /// </summary>
    public static DbContextOptionsBuilder UseExistingTmoEdgeSqlite(this DbContextOptionsBuilder builder, string databasePath)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        var connection = new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(databasePath),
            Mode = SqliteOpenMode.ReadWrite,
            Cache = SqliteCacheMode.Private,
            Pooling = false,
        };
        return builder.UseSqlite(connection.ToString()).AddInterceptors(SqlitePragmas.Interceptor);
    }

    /// <summary>
    /// SQLite on the file <paramref name="storage"/> names, waiting <see cref="StorageOptions.LockTimeoutSeconds"/> for
    /// another process's lock and capped at <see cref="StorageOptions.MaxDatabaseMB"/>.
    /// </summary>
    public static DbContextOptionsBuilder UseTmoEdgeSqlite(this DbContextOptionsBuilder builder, StorageOptions storage)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(storage);
        var connection = new SqliteConnectionStringBuilder(ConnectionString(storage.DataDirectory)) { DefaultTimeout = storage.LockTimeoutSeconds };
        return builder.UseSqlite(connection.ToString()).AddInterceptors(SqlitePragmas.Limited(storage.MaxDatabaseMB));
    }
}
