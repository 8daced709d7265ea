using Microsoft.Data.Sqlite;
using Tmo.Edge.Data.Connecting;

namespace Tmo.Edge.Data.Tests.Journal;

/// <summary>
/// Holds the journal's writer at the transaction of the first batch it takes, as another process's writer would: a
/// second connection holds the database's write lock, so the writer waits at its BEGIN (on busy_timeout) and whatever
/// is queued meanwhile makes up the next batch. Counts the transactions the writer begins from then on.
/// </summary>
internal sealed class HeldWriter : IAsyncDisposable
{
    private readonly SqliteConnection _competitor;
    private readonly SqliteTransaction _lock;
    private readonly TransactionTrace _trace;
    private readonly int _begunBefore;

    private HeldWriter(SqliteConnection competitor, SqliteTransaction writeLock, TransactionTrace trace)
    {
        _competitor = competitor;
        _lock = writeLock;
        _trace = trace;
        _begunBefore = trace.Begun;
        Taken = trace.NextBegin;
    }

    /// <summary>Completes when the writer has taken its first batch and waits for the lock.</summary>
    public Task Taken { get; }

    /// <summary>Transactions the writer began since it was held: one per batch, committed or not.</summary>
    public int Batches => _trace.Begun - _begunBefore;

    public static async Task<HeldWriter> OnAsync(TestDatabase database)
    {
        // Outside EF, so the trace sees only the journal's transactions; IMMEDIATE takes the write lock at BEGIN.
        var competitor = new SqliteConnection(SqliteDatabase.ConnectionString(database.DataDirectory));
        await competitor.OpenAsync();
        var writeLock = (SqliteTransaction)await competitor.BeginTransactionAsync();
        return new HeldWriter(competitor, writeLock, database.Transactions);
    }

    public Task ReleaseAsync() => _lock.RollbackAsync();

    public async ValueTask DisposeAsync()
    {
        await _lock.DisposeAsync();
        await _competitor.DisposeAsync();
    }
}
