using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

namespace Tmo.Edge.Data.Tests.Journal;

/// <summary>
/// Watches, through SQLite's statement trace, the transactions run on every connection EF opens on the test database
/// (the journal writer's among them), so a test sees from outside the journal when a transaction begins and under
/// which synchronous setting each one commits. Registered as an interceptor by <see cref="TestDatabase"/>, after the
/// pragmas, so it starts from the setting the daemon's connections really open with.
/// </summary>
public sealed class TransactionTrace : DbConnectionInterceptor
{
    /// <summary>PRAGMA synchronous values.</summary>
    public const long Normal = 1;
    public const long Full = 2;

    // Kept here as well: SQLite holds only a native pointer to each callback.
    private readonly ConcurrentDictionary<SqliteConnection, delegate_trace> _callbacks = new();
    private readonly ConcurrentQueue<long> _commits = new();
    private int _begun;
    private TaskCompletionSource _nextBegin = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Transactions begun so far, on any traced connection.</summary>
    public int Begun => Volatile.Read(ref _begun);

    /// <summary>The synchronous setting each committed transaction committed under, in commit order.</summary>
    public IReadOnlyList<long> Commits => [.. _commits];

    /// <summary>Completes when the next transaction begins (its BEGIN has started, before it has the write lock).</summary>
    public Task NextBegin => Volatile.Read(ref _nextBegin).Task;

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) =>
        Attach((SqliteConnection)connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Attach((SqliteConnection)connection);
        return Task.CompletedTask;
    }

    private void Attach(SqliteConnection connection)
    {
        long synchronous;
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "PRAGMA synchronous";
            synchronous = (long)command.ExecuteScalar()!;
        }

        // Only the connection's own thread runs its statements, so the setting needs no lock.
        delegate_trace callback = (_, statement) => Observe(statement.utf8_to_string(), ref synchronous);
        _callbacks[connection] = callback;
        raw.sqlite3_trace(connection.Handle, callback, null);
    }

    private void Observe(string statement, ref long synchronous)
    {
        var sql = statement.Trim().TrimEnd(';').ToUpperInvariant();
        if (sql.StartsWith("PRAGMA SYNCHRONOUS=", StringComparison.Ordinal))
        {
            synchronous = sql.EndsWith("NORMAL", StringComparison.Ordinal) ? Normal : Full;
        }
        else if (sql.StartsWith("BEGIN", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _begun);
            Interlocked.Exchange(ref _nextBegin, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }
        else if (sql.StartsWith("COMMIT", StringComparison.Ordinal))
        {
            _commits.Enqueue(synchronous);
        }
    }
}
