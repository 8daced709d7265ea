namespace Tmo.Edge.Data.Connecting;

/// <summary>
/// The memory SQLite's own allocator holds in this process (page caches of every open connection, statements,
/// schema): native memory the GC does not see, so a leak watcher needs it to tell resident-memory growth apart.
/// </summary>
public static class SqliteMemory
{
    public static long UsedBytes => SQLitePCL.raw.sqlite3_memory_used();
}
