using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Tmo.Edge.Core.Turns;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Data.Journal;

/// <summary>
/// The daemon's record of every turn, written as it happens so that a restart resumes where the crash left off.
/// </summary>
/// <remarks>
/// Writes go through one writer (group commit). Each write method queues a request and waits; the writer takes
/// everything queued (up to <see cref="MaxBatchSize"/>), applies it in arrival order in one transaction and completes
/// the callers once that transaction has committed. With synchronous=FULL every commit is an fsync and SQLite has a
/// single writer anyway, so sharing the commit is what lets throughput grow with the number of turns in flight; when
/// only one request is waiting the batch is that one request, with no timer to fill it, so latency does not grow.
/// A batch of nothing but notes that responses went out commits without an fsync (see
/// <see cref="JournalRequest.MustBeDurable"/>), so with one dialogue in flight a turn costs two fsyncs, not three.
/// <para>
/// A batch succeeds or fails whole: a database error fails every caller in it (the writer goes on with the next
/// batch), while a request that alone is wrong (completing an unknown turn) fails only its caller. Arguments are
/// checked before anything is queued. A caller that cancels before the writer takes its request gets its
/// cancellation and nothing is written; once taken, the request runs to the end and the caller gets the real outcome,
/// so a cancelled call never hides a write that happened.
/// </para>
/// <para>
/// Transactions begin IMMEDIATE (Microsoft.Data.Sqlite's default), taking the write lock before the first read, so a
/// read-then-write never races another process's writer and waits on busy_timeout instead of failing with "database
/// is locked". Reads do not queue: under WAL they run beside the writer.
/// </para>
/// <para>
/// Disposing stops taking requests, lets the writer finish those queued and waits for it; the host disposes the
/// singleton at shutdown, after the hosted services that write have stopped.
/// </para>
/// </remarks>
public sealed class TurnJournal : IAsyncDisposable
{
    /// <summary>The most requests one transaction takes, so one commit never holds a large backlog's callers too long.</summary>
    internal const int MaxBatchSize = 512;

    private readonly IDbContextFactory<TmoEdgeDbContext> _contexts;
    private readonly TimeProvider _time;

    private readonly Channel<JournalRequest> _queue =
        Channel.CreateUnbounded<JournalRequest>(new UnboundedChannelOptions { SingleReader = true });

    private readonly Task _writer;

    // The writer's alone: opened at its first batch, replaced after a failed one, closed when it ends.
    private JournalConnection? _connection;

    public TurnJournal(IDbContextFactory<TmoEdgeDbContext> contexts, TimeProvider time)
    {
        _contexts = contexts;
        _time = time;
        Health = new JournalHealth(time);

        // Microsoft.Data.Sqlite blocks inside its async methods (the fsync, busy_timeout), so the writer runs off the
        // callers' threads from the start.
        _writer = Task.Run(WriteAsync);
    }

    /// <summary>Whether writes are committing; a failing disk or lock shows here until a batch commits again.</summary>
    public JournalHealth Health { get; }

    /// <summary>
    /// Records a pending turn (creating its dialogue with <paramref name="budgetIfNew"/> on the first turn) and
    /// commits before returning, so the broker can be acknowledged. A redelivery with a known RequestId returns the
    /// first turn, marked Duplicate, and records nothing. Sequences follow the order the calls were made in.
    /// </summary>
    public async Task<AcceptedTurn> AcceptAsync(NewTurn turn, DialogueBudget budgetIfNew, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(budgetIfNew);
        turn.Validate();
        budgetIfNew.Validate();

        return await EnqueueAsync(new AcceptRequest(turn, budgetIfNew), cancellationToken);
    }

    /// <summary>
    /// Records the outcome, adds its latency and usage to the dialogue's spend and its usage to today's ledger, all
    /// in one transaction. Completing a turn that is no longer pending changes nothing, so a retry cannot double-count.
    /// </summary>
    public async Task CompleteAsync(long turnId, TurnOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        StoredOutcome.Validate(outcome);

        await EnqueueAsync(new CompleteRequest(turnId, outcome), cancellationToken);
    }

    /// <summary>Notes that the turn's response went out on MQTT, so a restart does not publish it again.</summary>
    public async Task MarkPublishedAsync(long turnId, CancellationToken cancellationToken) =>
        await EnqueueAsync(new MarkPublishedRequest(turnId, _time.GetUtcNow()), cancellationToken);

    /// <summary>
    /// Records how good the answer of turn <paramref name="sequence"/> (1-based) of the dialogue was, in [0, 1] as M4A1
    /// scores; rating a turn again replaces its score. Fails for a turn that is unknown or was not answered.
    /// </summary>
    public async Task RateAsync(string dialogueId, int sequence, double score, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(dialogueId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sequence);
        if (!(score is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(score), score, "A rating is a score in [0, 1].");
        }

        await EnqueueAsync(new RateRequest(dialogueId, sequence, score), cancellationToken);
    }

    /// <summary>
    /// The dialogues with at least one rated turn, oldest first, each with its answered turns by Sequence up to its last
    /// rated one: the unrated answers before it are its history (see docs/policy.md, "Learning on the device"); refused
    /// and failed turns, which have no answer, are left out.
    /// </summary>
    public async Task<IReadOnlyList<DialogueRecord>> RatedDialoguesAsync(CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var dialogues = await db.Dialogues.AsNoTracking()
            .Where(d => d.Turns.Any(t => t.Score != null))
            .Include(d => d.Turns.Where(t => t.Status == TurnStatus.Answered).OrderBy(t => t.Sequence))
            .OrderBy(d => d.StartedAt).ThenBy(d => d.Id)
            .ToListAsync(cancellationToken);
        foreach (var dialogue in dialogues)
        {
            dialogue.Turns = dialogue.Turns.GetRange(0, dialogue.Turns.FindLastIndex(t => t.Score is not null) + 1);
        }

        return dialogues;
    }

    /// <summary>Turns accepted but not decided, oldest first, with their dialogue (its owner): the work to resume after a crash.</summary>
    public async Task<IReadOnlyList<TurnRecord>> PendingAsync(CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        return await db.Turns.AsNoTracking()
            .Include(t => t.Dialogue)
            .Where(t => t.Status == TurnStatus.Pending)
            .OrderBy(t => t.ReceivedAt).ThenBy(t => t.Id)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Completed turns whose response has not gone out yet, oldest first, with their dialogue (its owner).</summary>
    public async Task<IReadOnlyList<TurnRecord>> UnpublishedAsync(CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        return await db.Turns.AsNoTracking()
            .Include(t => t.Dialogue)
            .Where(t => t.PublishedAt == null && t.Status != TurnStatus.Pending)
            .OrderBy(t => t.ReceivedAt).ThenBy(t => t.Id)
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The account that owns the dialogue, or null when it is unknown (or was retired) or was recorded before accounts
    /// existed: one primary-key lookup of one column, cheap enough to ask per inbound message. An owner never changes
    /// once recorded, so the answer stays true while the caller acts on it.
    /// </summary>
    public async Task<string?> OwnerOfAsync(string dialogueId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(dialogueId);
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        return await db.Dialogues.AsNoTracking().Where(d => d.Id == dialogueId).Select(d => d.Owner).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>The dialogue and its completed turns by Sequence, or null when it is unknown (or was retired).</summary>
    public async Task<DialogueHistory?> LoadDialogueAsync(string dialogueId, CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var dialogue = await db.Dialogues.AsNoTracking().SingleOrDefaultAsync(d => d.Id == dialogueId, cancellationToken);
        if (dialogue is null)
        {
            return null;
        }

        var turns = await db.Turns.AsNoTracking()
            .Where(t => t.DialogueId == dialogueId && t.Status != TurnStatus.Pending)
            .OrderBy(t => t.Sequence)
            .Select(t => new CompletedTurn(t.Sequence, t.Action, t.Views, t.Task, t.Status))
            .ToListAsync(cancellationToken);
        return new DialogueHistory(dialogue, turns);
    }

    /// <summary>How many closed (idled-out) dialogues had each number of turns: how long this device's dialogues are.</summary>
    public async Task<IReadOnlyDictionary<int, int>> ClosedDialogueLengthsAsync(CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        return await db.Dialogues.AsNoTracking()
            .Where(d => d.ClosedAt != null && d.TurnCount > 0)
            .GroupBy(d => d.TurnCount)
            .Select(g => new { Turns = g.Key, Dialogues = g.Count() })
            .ToDictionaryAsync(g => g.Turns, g => g.Dialogues, cancellationToken);
    }

    /// <summary>Closes the open dialogues with no activity since <paramref name="idleSince"/>; returns how many.</summary>
    public async Task<int> CloseIdleDialoguesAsync(DateTimeOffset idleSince, CancellationToken cancellationToken) =>
        await EnqueueAsync(new CloseIdleRequest(idleSince, _time.GetUtcNow()), cancellationToken);

    /// <summary>Stops taking writes, lets the writer commit everything already queued and waits for it.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }

    private async Task<T> EnqueueAsync<T>(JournalRequest<T> request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(request), this);
        using var registration = cancellationToken.UnsafeRegister(
            static (state, token) => ((JournalRequest)state!).TryCancel(token), request);
        return await request.Task;
    }

    /// <summary>The single writer: one batch of whatever is queued at a time, until the queue is completed and empty.</summary>
    private async Task WriteAsync()
    {
        var batch = new List<JournalRequest>(MaxBatchSize);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatchSize && _queue.Reader.TryRead(out var request))
            {
                if (request.TryTake())
                {
                    batch.Add(request);
                }
            }

            if (batch.Count > 0)
            {
                await WriteBatchAsync(batch);
                batch.Clear();
            }
        }

        await DropConnectionAsync();
    }

    private async Task DropConnectionAsync()
    {
        if (_connection is { } connection)
        {
            _connection = null;
            await connection.DisposeAsync();
        }
    }

    private async Task WriteBatchAsync(List<JournalRequest> batch)
    {
        try
        {
            // No caller's token cancels a batch: the others in it did not ask to, and disposal drains rather than aborts.
            _connection ??= await JournalConnection.OpenAsync(_contexts, CancellationToken.None);
            await _connection.RequireDurableCommitAsync(batch.Exists(request => request.MustBeDurable), CancellationToken.None);
            await using var transaction = (SqliteTransaction)await _connection.Connection.BeginTransactionAsync(CancellationToken.None);
            await JournalBatch.ApplyAsync(_connection, transaction, _time, batch, CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
            Health.Committed();
        }
        catch (Exception error)
        {
            // Nothing of the batch was committed; every caller in it hears why, and the writer lives on for the next,
            // on a new connection in case this one was left in a state worth not trusting (disk full, I/O error).
            Health.Failed(error);
            foreach (var request in batch)
            {
                request.Fail(error);
            }

            await DropConnectionAsync();
            return;
        }

        foreach (var request in batch)
        {
            request.Commit();
        }
    }
}
