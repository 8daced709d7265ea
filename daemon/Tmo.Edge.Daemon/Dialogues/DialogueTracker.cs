using System.Collections.Concurrent;
using Tmo.Edge.Core.Turns;
using Tmo.Edge.Data.Journal;
using Tmo.Edge.Data.Records;
using Tmo.Edge.Policy.Dataset;
using Tmo.Edge.Policy.Decisions;

namespace Tmo.Edge.Daemon.Dialogues;

/// <summary>
/// Live dialogues by id. A dialogue not in memory (first turn, or after a restart) is rebuilt from the journal, so
/// its observation and remaining budgets survive the daemon. Idle dialogues are forgotten by <see cref="Evict"/>, and
/// their lengths teach the shield how long this device's dialogues are.
/// </summary>
public sealed class DialogueTracker(TurnJournal journal, TaskVocabulary tasks, DialogueLengths lengths, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DialogueState> _live = new(StringComparer.Ordinal);

    public int Count => _live.Count;

    /// <summary>The dialogue's state; only its own lane calls this for a given id.</summary>
    public async Task<DialogueState> GetAsync(string dialogueId, CancellationToken cancellationToken)
    {
        if (_live.TryGetValue(dialogueId, out var state))
        {
            state.LastActivity = time.GetUtcNow();
            return state;
        }

        var history = await journal.LoadDialogueAsync(dialogueId, cancellationToken)
            ?? throw new InvalidOperationException($"Dialogue '{dialogueId}' has no journal record: turns are accepted before they are decided.");
        state = Rebuild(history);
        state.LastActivity = time.GetUtcNow();
        _live[dialogueId] = state;
        return state;
    }

    /// <summary>Forgets dialogues idle since before <paramref name="idleSince"/>; returns how many.</summary>
    public int Evict(DateTimeOffset idleSince)
    {
        var evicted = 0;
        foreach (var (id, state) in _live)
        {
            if (state.LastActivity < idleSince && _live.TryRemove(id, out _))
            {
                lengths.Add(state.CompletedTurns);
                evicted++;
            }
        }

        return evicted;
    }

    private DialogueState Rebuild(DialogueHistory history)
    {
        var record = history.Dialogue;
        var vocabulary = tasks;
        var state = new DialogueState(record.Id, record.LatencyBudgetS, record.UsageBudgetUsd);
        foreach (var turn in history.Turns.Where(t => t.Status != TurnStatus.Pending))
        {
            state.Record(turn.Action ?? -1, vocabulary.TryGetId(turn.Task, out var id) ? id : 0, 0, 0);
        }

        state.RestoreSpend(record.SpentLatencyS, record.SpentUsageUsd);
        return state;
    }
}
