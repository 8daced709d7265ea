using Microsoft.EntityFrameworkCore;
using Tmo.Edge.Data.Records;
using Tmo.Edge.Data.Spending;

namespace Tmo.Edge.Data.Journal;

/// <summary>
/// The daemon's record of every turn, written as it happens so that a restart resumes where the crash left off.
/// Each method is one short transaction. Transactions begin IMMEDIATE (Microsoft.Data.Sqlite's default), taking the
/// write lock before the first read, so a read-then-write never races another writer and waits on busy_timeout
/// instead of failing with "database is locked".
/// </summary>
public sealed class TurnJournal(IDbContextFactory<TmoEdgeDbContext> contexts, TimeProvider time)
{
    /// <summary>
    /// Records a pending turn (creating its dialogue with <paramref name="budgetIfNew"/> on the first turn) and
    /// commits before returning, so the broker can be acknowledged. A redelivery with a known RequestId returns the
    /// first turn, marked Duplicate, and records nothing.
    /// </summary>
    public async Task<AcceptedTurn> AcceptAsync(NewTurn turn, DialogueBudget budgetIfNew, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(budgetIfNew);
        turn.Validate();
        budgetIfNew.Validate();

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        if (turn.RequestId is { } requestId)
        {
            var existing = await db.Turns
                .Where(t => t.DialogueId == turn.DialogueId && t.RequestId == requestId)
                .Select(t => new AcceptedTurn(t.Id, t.Sequence, t.Status, true))
                .SingleOrDefaultAsync(cancellationToken);
            if (existing is not null)
            {
                return existing;
            }
        }

        var dialogue = await db.Dialogues.SingleOrDefaultAsync(d => d.Id == turn.DialogueId, cancellationToken);
        if (dialogue is null)
        {
            dialogue = new DialogueRecord
            {
                Id = turn.DialogueId,
                StartedAt = turn.ReceivedAt,
                LastActivityAt = turn.ReceivedAt,
                LatencyBudgetS = budgetIfNew.LatencyS,
                UsageBudgetUsd = budgetIfNew.UsageUsd,
            };
            db.Dialogues.Add(dialogue);
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
        db.Turns.Add(record);

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new AcceptedTurn(record.Id, record.Sequence, record.Status, Duplicate: false);
    }

    /// <summary>
    /// Records the outcome, adds its latency and usage to the dialogue's spend and its usage to today's ledger, all
    /// in one transaction. Completing a turn that is no longer pending changes nothing, so a retry cannot double-count.
    /// </summary>
    public async Task CompleteAsync(long turnId, TurnOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        outcome.Validate();

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var turn = await db.Turns.Include(t => t.Dialogue).SingleOrDefaultAsync(t => t.Id == turnId, cancellationToken)
            ?? throw new InvalidOperationException($"Turn {turnId} is not in the journal.");
        if (turn.Status != TurnStatus.Pending)
        {
            return;
        }

        var now = time.GetUtcNow();
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
            var day = DailySpendLedger.UtcDay(now);
            var spend = await db.DailySpend.SingleOrDefaultAsync(d => d.Day == day, cancellationToken);
            if (spend is null)
            {
                spend = new DailySpendRecord { Day = day };
                db.DailySpend.Add(spend);
            }

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

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Notes that the turn's response went out on MQTT, so a restart does not publish it again.</summary>
    public async Task MarkPublishedAsync(long turnId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Turns
            .Where(t => t.Id == turnId && t.PublishedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.PublishedAt, now), cancellationToken);
    }

    /// <summary>Turns accepted but not decided, oldest first: the work to resume after a crash.</summary>
    public async Task<IReadOnlyList<TurnRecord>> PendingAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Turns.AsNoTracking()
            .Where(t => t.Status == TurnStatus.Pending)
            .OrderBy(t => t.ReceivedAt).ThenBy(t => t.Id)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Completed turns whose response has not gone out yet, oldest first.</summary>
    public async Task<IReadOnlyList<TurnRecord>> UnpublishedAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Turns.AsNoTracking()
            .Where(t => t.PublishedAt == null && t.Status != TurnStatus.Pending)
            .OrderBy(t => t.ReceivedAt).ThenBy(t => t.Id)
            .ToListAsync(cancellationToken);
    }

    /// <summary>The dialogue and its completed turns by Sequence, or null when it is unknown (or was retired).</summary>
    public async Task<DialogueHistory?> LoadDialogueAsync(string dialogueId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
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

    /// <summary>Closes the open dialogues with no activity since <paramref name="idleSince"/>; returns how many.</summary>
    public async Task<int> CloseIdleDialoguesAsync(DateTimeOffset idleSince, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Dialogues
            .Where(d => d.ClosedAt == null && d.LastActivityAt < idleSince)
            .ExecuteUpdateAsync(set => set.SetProperty(d => d.ClosedAt, now), cancellationToken);
    }
}
