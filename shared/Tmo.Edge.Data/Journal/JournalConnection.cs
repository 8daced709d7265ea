using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Tmo.Edge.Data.Journal;

/// <summary>
/// The journal writer's own connection, opened once and kept for the writer's life, with every statement it has run
/// kept prepared on it. Measured in `make bench`: with one turn in flight each batch holds one request, and opening a
/// pooled connection, applying the pragmas and compiling the batch's statements again cost more CPU than the writes.
/// </summary>
/// <remarks>
/// Only the writer uses it, one batch at a time, so nothing here is thread-safe. After a failed batch the writer
/// throws it away and opens a new one, so a connection left in an unknown state (disk full, I/O error) is never reused.
/// </remarks>
internal sealed class JournalConnection : IAsyncDisposable
{
    // Opened through a context of its own, so the connection string and the pragmas are exactly those of every
    // other connection the daemon opens (SqlitePragmas); the context is held out of the pool for as long as this lives.
    private readonly TmoEdgeDbContext _db;
    private readonly SqliteConnection _connection;
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    // What SqlitePragmas sets on open; a batch of nothing but notes lowers it (see JournalRequest.MustBeDurable).
    private bool _durable = true;

    private JournalConnection(TmoEdgeDbContext db)
    {
        _db = db;
        _connection = (SqliteConnection)db.Database.GetDbConnection();
    }

    public SqliteConnection Connection => _connection;

    public static async Task<JournalConnection> OpenAsync(IDbContextFactory<TmoEdgeDbContext> contexts, CancellationToken cancellationToken)
    {
        var db = await contexts.CreateDbContextAsync(cancellationToken);
        try
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            return new JournalConnection(db);
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// synchronous=FULL (an fsync at commit) or NORMAL (none; under WAL the next FULL commit syncs this one too),
    /// switched only when the next batch needs the other one.
    /// </summary>
    public async Task RequireDurableCommitAsync(bool durable, CancellationToken cancellationToken)
    {
        if (durable == _durable)
        {
            return;
        }

        await using var pragma = _connection.CreateCommand();
        pragma.CommandText = durable ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        _durable = durable;
    }

    /// <summary>
    /// The statement for <paramref name="sql"/> in <paramref name="transaction"/>, with these values bound: created on
    /// first use and prepared by SQLite on its first run, then only rebound.
    /// </summary>
    public SqliteCommand Command(string sql, SqliteTransaction transaction, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = _connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, _) in parameters)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            _commands[sql] = command;
        }

        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            command.Parameters[name].Value = value ?? DBNull.Value;
        }

        return command;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _commands.Values)
        {
            await command.DisposeAsync();
        }

        await _db.Database.CloseConnectionAsync();
        await _db.DisposeAsync();
    }
}
