using Tmo.Edge.Core.Turns;

namespace Tmo.Edge.Data.Journal;

/// <summary>
/// One write waiting for the journal's writer. The writer applies it inside a batch and completes it only once that
/// batch has committed; a caller that cancels before the writer takes it gets its cancellation and nothing is written.
/// </summary>
internal abstract class JournalRequest
{
    private const int Queued = 0;
    private const int Taken = 1;
    private const int Cancelled = 2;

    private int _state = Queued;

    /// <summary>Claims the request for a batch; false when its caller cancelled first.</summary>
    public bool TryTake() => Interlocked.CompareExchange(ref _state, Taken, Queued) == Queued;

    /// <summary>Gives up on the request unless the writer has taken it, in which case its caller gets the real outcome.</summary>
    public void TryCancel(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _state, Cancelled, Queued) == Queued)
        {
            SetCanceled(cancellationToken);
        }
    }

    /// <summary>
    /// Whether its commit must reach the disk before the caller hears of it. A request that need not may ride a commit
    /// without an fsync: the next durable commit syncs the write-ahead log, and so it, too.
    /// </summary>
    public virtual bool MustBeDurable => true;

    /// <summary>Hands the caller its result; called once the batch is committed (durably, when it must be).</summary>
    public abstract void Commit();

    public abstract void Fail(Exception error);

    protected abstract void SetCanceled(CancellationToken cancellationToken);
}

/// <summary>A request whose caller awaits a <typeparamref name="T"/>.</summary>
internal abstract class JournalRequest<T> : JournalRequest
{
    // The writer completes callers in a loop; their continuations must not run on (and hold up) the writer.
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private T _answer = default!;
    private Exception? _rejection;

    public Task<T> Task => _completion.Task;

    /// <summary>What the caller gets once the batch has committed.</summary>
    public void Answer(T answer) => _answer = answer;

    /// <summary>This request alone is wrong (an unknown turn): its caller gets the error, the batch goes on.</summary>
    public void Reject(Exception error) => _rejection = error;

    public override void Commit()
    {
        if (_rejection is not null)
        {
            _completion.TrySetException(_rejection);
        }
        else
        {
            _completion.TrySetResult(_answer);
        }
    }

    public override void Fail(Exception error) => _completion.TrySetException(error);

    protected override void SetCanceled(CancellationToken cancellationToken) => _completion.TrySetCanceled(cancellationToken);
}

internal sealed class AcceptRequest(NewTurn turn, DialogueBudget budgetIfNew) : JournalRequest<AcceptedTurn>
{
    public NewTurn Turn { get; } = turn;

    public DialogueBudget BudgetIfNew { get; } = budgetIfNew;
}

/// <summary>Its caller only waits for the commit; the answer is unused.</summary>
internal sealed class CompleteRequest(long turnId, TurnOutcome outcome) : JournalRequest<bool>
{
    public long TurnId { get; } = turnId;

    public TurnOutcome Outcome { get; } = outcome;
}

/// <summary>
/// Its caller only waits for the commit; the answer is unused. Losing it to a power cut costs one repeated response
/// (MQTT delivers at least once anyway), so it does not pay for an fsync of its own.
/// </summary>
internal sealed class MarkPublishedRequest(long turnId, DateTimeOffset publishedAt) : JournalRequest<bool>
{
    public override bool MustBeDurable => false;

    public long TurnId { get; } = turnId;

    public DateTimeOffset PublishedAt { get; } = publishedAt;
}

/// <summary>Its caller only waits for the commit; the answer is unused.</summary>
internal sealed class RateRequest(string dialogueId, int sequence, double score) : JournalRequest<bool>
{
    public string DialogueId { get; } = dialogueId;

    public int Sequence { get; } = sequence;

    public double Score { get; } = score;
}

/// <summary>Answers how many dialogues it closed.</summary>
internal sealed class CloseIdleRequest(DateTimeOffset idleSince, DateTimeOffset closedAt) : JournalRequest<int>
{
    public DateTimeOffset IdleSince { get; } = idleSince;

    public DateTimeOffset ClosedAt { get; } = closedAt;
}
