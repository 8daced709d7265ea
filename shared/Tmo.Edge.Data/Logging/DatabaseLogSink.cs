using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Tmo.Edge.Data.Connecting;
using Tmo.Edge.Data.Records;
using Tmo.Edge.Data.Schema;

namespace Tmo.Edge.Data.Logging;

/// <summary>
/// Writes log events to the LogEvents table in the background, in batches, with plain SQL: the logger must never wait
/// on the disk, and EF would log while logging. A full queue drops the oldest events; a batch that cannot be written
/// (the daemon has not migrated yet, the disk is full) is retried a few times and then dropped, never thrown to the
/// code that logged. What was dropped is not silent: the next batch written starts with a warning that says how many
/// events were lost and why, so the Logs page never looks calm when it is not. Events older than the retention period
/// are deleted about once an hour.
/// </summary>
public sealed class DatabaseLogSink : IAsyncDisposable
{
    public const int QueueCapacity = 10_000;
    public const int MaxMessageLength = 8_192;

    private const int BatchSize = 256;
    private const int MaxAttempts = 5;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PruneInterval = TimeSpan.FromHours(1);

    private const string InsertSql =
        $"INSERT INTO {LogEventConfiguration.Table} (At, Source, Level, Category, EventId, Message, Exception) " +
        "VALUES ($at, $source, $level, $category, $eventId, $message, $exception)";

    private readonly Channel<LogEventRecord> _queue;

    private readonly string _connectionString;
    private readonly int _retentionDays;
    private readonly TimeProvider _time;
    private readonly Task _writer;
    private long _lastPrune;
    private long _droppedQueueFull;
    private long _droppedUnwritable;

    public DatabaseLogSink(IOptions<StorageOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _connectionString = SqliteDatabase.ConnectionString(options.Value.DataDirectory);
        _retentionDays = options.Value.RetentionDays;
        _time = time;
        _queue = Channel.CreateBounded<LogEventRecord>(
            new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref _droppedQueueFull));
        _writer = Task.Run(WriteAllAsync);
    }

    public void Enqueue(LogEventRecord record) => _queue.Writer.TryWrite(record);

    /// <summary>Writes what is queued and stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    private async Task WriteAllAsync()
    {
        var batch = new List<LogEventRecord>(BatchSize);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < BatchSize && _queue.Reader.TryRead(out var record))
            {
                batch.Add(record);
            }

            var droppedQueueFull = Interlocked.Exchange(ref _droppedQueueFull, 0);
            var droppedUnwritable = Interlocked.Exchange(ref _droppedUnwritable, 0);
            if (droppedQueueFull + droppedUnwritable > 0)
            {
                batch.Insert(0, DroppedNotice(batch[0].Source, droppedQueueFull, droppedUnwritable));
            }

            await WriteWithRetriesAsync(batch).ConfigureAwait(false);
            batch.Clear();
        }
    }

    private async Task WriteWithRetriesAsync(List<LogEventRecord> batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await WriteAsync(batch).ConfigureAwait(false);
                return;
            }
            catch (SqliteException) when (attempt < MaxAttempts && !_queue.Reader.Completion.IsCompleted)
            {
                await Task.Delay(RetryDelay, _time).ConfigureAwait(false);
            }
            catch (SqliteException)
            {
                Interlocked.Add(ref _droppedUnwritable, batch.Count);
                return;
            }
        }
    }

    private LogEventRecord DroppedNotice(string source, long queueFull, long unwritable) => new()
    {
        At = _time.GetUtcNow(),
        Source = source,
        Level = nameof(Microsoft.Extensions.Logging.LogLevel.Warning),
        Category = typeof(DatabaseLogSink).FullName!,
        Message = $"{queueFull + unwritable} earlier log events were not kept: {queueFull} arrived faster than they could be " +
                  $"written (more than {QueueCapacity} waiting), {unwritable} could not be written to the database " +
                  "(see the service's journal for them)",
    };

    private async Task WriteAsync(List<LogEventRecord> batch)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using (var pragmas = connection.CreateCommand())
        {
            pragmas.CommandText = SqlitePragmas.Statements;
            await pragmas.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync().ConfigureAwait(false);
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = InsertSql;
        var at = insert.Parameters.Add("$at", SqliteType.Integer);
        var source = insert.Parameters.Add("$source", SqliteType.Text);
        var level = insert.Parameters.Add("$level", SqliteType.Text);
        var category = insert.Parameters.Add("$category", SqliteType.Text);
        var eventId = insert.Parameters.Add("$eventId", SqliteType.Integer);
        var message = insert.Parameters.Add("$message", SqliteType.Text);
        var exception = insert.Parameters.Add("$exception", SqliteType.Text);
        insert.Prepare();
        foreach (var record in batch)
        {
            at.Value = record.At.UtcTicks;
            source.Value = record.Source;
            level.Value = record.Level;
            category.Value = record.Category;
            eventId.Value = record.EventId;
            message.Value = record.Message;
            exception.Value = (object?)record.Exception ?? DBNull.Value;
            await insert.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        await PruneIfDueAsync(connection, transaction).ConfigureAwait(false);
        await transaction.CommitAsync().ConfigureAwait(false);
    }

    private async Task PruneIfDueAsync(SqliteConnection connection, SqliteTransaction transaction)
    {
        var now = _time.GetTimestamp();
        if (_lastPrune != 0 && _time.GetElapsedTime(_lastPrune, now) < PruneInterval)
        {
            return;
        }

        _lastPrune = now;
        await using var prune = connection.CreateCommand();
        prune.Transaction = transaction;
        prune.CommandText = $"DELETE FROM {LogEventConfiguration.Table} WHERE At < $cutoff";
        prune.Parameters.AddWithValue("$cutoff", (_time.GetUtcNow() - TimeSpan.FromDays(_retentionDays)).UtcTicks);
        await prune.ExecuteNonQueryAsync().ConfigureAwait(false);
    }
}
