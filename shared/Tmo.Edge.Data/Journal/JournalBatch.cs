using Microsoft.EntityFrameworkCore;
using Tmo.Edge.Data.Records;
using Tmo.Edge.Data.Spending;

namespace Tmo.Edge.Data.Journal;

/// <summary>
/// Applies one batch of journal writes, in arrival order, on one tracked DbContext inside the writer's transaction.
/// The rows a run of requests touches are read up front, one query per kind, and saved with one SaveChanges: a batch
/// costs a handful of statements whatever its size, and later requests see what earlier ones did (the next sequence,
/// a request id accepted a moment before, a turn already completed).
/// </summary>
internal sealed class JournalBatch
{
    private readonly TmoEdgeDbContext _db;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, DialogueRecord> _dialogues = new(StringComparer.Ordinal);
    private readonly Dictionary<(string DialogueId, string RequestId), TurnRecord> _byRequest = [];
    private readonly Dictionary<long, TurnRecord> _turns = [];
    private readonly Dictionary<DateOnly, DailySpendRecord> _days = [];

    private JournalBatch(TmoEdgeDbContext db, TimeProvider time)
    {
        _db = db;
        _time = time;
    }

    /// <summary>
    /// Applies <paramref name="requests"/> in order. Closing idle dialogues is one set-based UPDATE that the change
    /// tracker does not see, so the requests before it are saved first and the tracker is cleared after it.
    /// </summary>
    public static async Task ApplyAsync(
        TmoEdgeDbContext db, TimeProvider time, IReadOnlyList<JournalRequest> requests, CancellationToken cancellationToken)
    {
        var start = 0;
        for (var i = 0; i <= requests.Count; i++)
        {
            if (i < requests.Count && requests[i] is not CloseIdleRequest)
            {
                continue;
            }

            if (i > start)
            {
                await new JournalBatch(db, time).ApplyRunAsync(requests, start, i, cancellationToken);
            }

            if (i < requests.Count)
            {
                var close = (CloseIdleRequest)requests[i];
                close.Closed(await db.Dialogues
                    .Where(d => d.ClosedAt == null && d.LastActivityAt < close.IdleSince)
                    .ExecuteUpdateAsync(set => set.SetProperty(d => d.ClosedAt, close.ClosedAt), cancellationToken));
                db.ChangeTracker.Clear();
            }

            start = i + 1;
        }
    }

    private async Task ApplyRunAsync(IReadOnlyList<JournalRequest> requests, int start, int end, CancellationToken cancellationToken)
    {
        var run = requests.Skip(start).Take(end - start).ToList();
        await LoadAsync(run, cancellationToken);
        foreach (var request in run)
        {
            switch (request)
            {
                case AcceptRequest accept:
                    Accept(accept);
                    break;
                case CompleteRequest complete:
                    await CompleteAsync(complete, cancellationToken);
                    break;
                case MarkPublishedRequest published:
                    MarkPublished(published);
                    break;
                default:
                    throw new InvalidOperationException($"A {request.GetType().Name} cannot be part of a run.");
            }
        }

        await _db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Reads, tracked, the dialogues the accepts go to, the turns their request ids may repeat and the turns the others name.</summary>
    private async Task LoadAsync(List<JournalRequest> run, CancellationToken cancellationToken)
    {
        var accepts = run.OfType<AcceptRequest>().Select(a => a.Turn).ToList();
        var dialogueIds = accepts.Select(t => t.DialogueId).Distinct(StringComparer.Ordinal).ToList();
        if (dialogueIds.Count > 0)
        {
            foreach (var dialogue in await _db.Dialogues.Where(d => dialogueIds.Contains(d.Id)).ToListAsync(cancellationToken))
            {
                _dialogues[dialogue.Id] = dialogue;
            }
        }

        var requestIds = accepts.Where(t => t.RequestId is not null).Select(t => t.RequestId!).Distinct(StringComparer.Ordinal).ToList();
        if (requestIds.Count > 0)
        {
            // Request ids are scoped to their dialogue; the query may return a pair no accept asked about, which is harmless.
            var repeated = await _db.Turns
                .Where(t => t.RequestId != null && requestIds.Contains(t.RequestId) && dialogueIds.Contains(t.DialogueId))
                .ToListAsync(cancellationToken);
            foreach (var turn in repeated)
            {
                _byRequest[(turn.DialogueId, turn.RequestId!)] = turn;
            }
        }

        var turnIds = run.Select(r => r switch
        {
            CompleteRequest complete => complete.TurnId,
            MarkPublishedRequest published => published.TurnId,
            _ => (long?)null,
        }).OfType<long>().Distinct().ToList();
        if (turnIds.Count > 0)
        {
            foreach (var turn in await _db.Turns.Include(t => t.Dialogue).Where(t => turnIds.Contains(t.Id)).ToListAsync(cancellationToken))
            {
                _turns[turn.Id] = turn;
            }
        }
    }

    private void Accept(AcceptRequest request)
    {
        var turn = request.Turn;
        if (turn.RequestId is { } requestId && _byRequest.TryGetValue((turn.DialogueId, requestId), out var first))
        {
            request.Accepted(first, duplicate: true);
            return;
        }

        if (!_dialogues.TryGetValue(turn.DialogueId, out var dialogue))
        {
            dialogue = new DialogueRecord
            {
                Id = turn.DialogueId,
                StartedAt = turn.ReceivedAt,
                LastActivityAt = turn.ReceivedAt,
                LatencyBudgetS = request.BudgetIfNew.LatencyS,
                UsageBudgetUsd = request.BudgetIfNew.UsageUsd,
            };
            _db.Dialogues.Add(dialogue);
            _dialogues[dialogue.Id] = dialogue;
        }
        else
        {
            // Redeliveries after a reconnect can arrive out of order; activity never moves backwards.
            if (turn.ReceivedAt > dialogue.LastActivityAt)
            {
                dialogue.LastActivityAt = turn.ReceivedAt;
            }

            dialogue.ClosedAt = null;
        }

        dialogue.TurnCount++;
        var record = new TurnRecord
        {
            DialogueId = turn.DialogueId,
            Sequence = dialogue.TurnCount,
            RequestId = turn.RequestId,
            ReceivedAt = turn.ReceivedAt,
            Prompt = turn.Prompt,
            Task = turn.Task,
            TaskInferred = turn.TaskInferred,
            Status = TurnStatus.Pending,
        };
        _db.Turns.Add(record);
        if (turn.RequestId is { } newRequestId)
        {
            _byRequest[(turn.DialogueId, newRequestId)] = record;
        }

        request.Accepted(record, duplicate: false);
    }

    /// <summary>Completing a turn that is no longer pending changes nothing, so a retry cannot double-count.</summary>
    private async Task CompleteAsync(CompleteRequest request, CancellationToken cancellationToken)
    {
        if (!_turns.TryGetValue(request.TurnId, out var turn))
        {
            // Only this caller is wrong; the rest of the batch goes ahead.
            request.Reject(new InvalidOperationException($"Turn {request.TurnId} is not in the journal."));
            return;
        }

        if (turn.Status != TurnStatus.Pending)
        {
            return;
        }

        var outcome = request.Outcome;
        var now = _time.GetUtcNow();
        turn.Status = outcome.Status;
        turn.Action = outcome.Action;
        turn.Location = outcome.Location;
        turn.Views = [.. outcome.Views];
        turn.Probabilities = [.. outcome.Probabilities];
        turn.Masked = [.. outcome.Masked];
        turn.LatencyMs = outcome.LatencyMs;
        turn.UsageUsd = outcome.UsageUsd;
        turn.EnergyJ = outcome.EnergyJ;
        turn.ResponseText = outcome.ResponseText;
        turn.PolicyVersion = outcome.PolicyVersion;
        turn.Error = outcome.Error;
        turn.AnsweredAt = now;

        var dialogue = turn.Dialogue!;
        dialogue.SpentLatencyS += (outcome.LatencyMs ?? 0) / 1000;
        dialogue.SpentUsageUsd += outcome.UsageUsd ?? 0;

        if (outcome.UsageUsd is > 0 and var usage)
        {
            var spend = await SpendOnAsync(DailySpendLedger.UtcDay(now), cancellationToken);
            if (outcome.Location == ExecutionLocation.Cloud)
            {
                spend.CloudUsd += usage;
            }
            else
            {
                spend.LocalUsd += usage;
            }

            spend.UpdatedAt = now;
        }
    }

    /// <summary>Publishing twice keeps the first time; an unknown turn is nothing to mark.</summary>
    private void MarkPublished(MarkPublishedRequest request)
    {
        if (_turns.TryGetValue(request.TurnId, out var turn) && turn.PublishedAt is null)
        {
            turn.PublishedAt = request.PublishedAt;
        }
    }

    /// <summary>The day's ledger row, read once per batch (a batch spans at most a midnight).</summary>
    private async Task<DailySpendRecord> SpendOnAsync(DateOnly day, CancellationToken cancellationToken)
    {
        if (_days.TryGetValue(day, out var spend))
        {
            return spend;
        }

        spend = await _db.DailySpend.SingleOrDefaultAsync(d => d.Day == day, cancellationToken);
        if (spend is null)
        {
            spend = new DailySpendRecord { Day = day };
            _db.DailySpend.Add(spend);
        }

        _days[day] = spend;
        return spend;
    }
}
