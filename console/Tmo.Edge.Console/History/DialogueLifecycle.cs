using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Core.Turns;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Console.History;

/// <summary>Where a dialogue stands for the administrator.</summary>
public enum DialogueState
{
    /// <summary>Recently active with budget left: the next turn will be decided.</summary>
    Open,

    /// <summary>Its budget is spent: no action fits what is left (its last turn was refused for the budget).</summary>
    Finished,

    /// <summary>No turn for the idle timeout: the daemon closed it (or will at its next sweep); a new turn reopens it.</summary>
    IdleClosed,
}

/// <summary>A dialogue and its last turn's outcome, for the Dialogues list.</summary>
public sealed record DialogueSummary(DialogueRecord Dialogue, TurnStatus? LastStatus, string? LastError)
{
    public DialogueState StateAt(DateTimeOffset now, TimeSpan idleTimeout) => DialogueLifecycle.Of(Dialogue, LastStatus, LastError, now, idleTimeout);
}

public static class DialogueLifecycle
{
    public static DialogueState Of(DialogueRecord dialogue, TurnStatus? lastStatus, string? lastError, DateTimeOffset now, TimeSpan idleTimeout)
    {
        ArgumentNullException.ThrowIfNull(dialogue);
        if (dialogue.ClosedAt is not null || now - dialogue.LastActivityAt >= idleTimeout)
        {
            return DialogueState.IdleClosed;
        }

        var spent = dialogue.SpentLatencyS >= dialogue.LatencyBudgetS || dialogue.SpentUsageUsd >= dialogue.UsageBudgetUsd;
        var refusedForBudget = lastStatus == TurnStatus.Refused
            && lastError?.StartsWith(RefusalReasons.BudgetExhausted, StringComparison.Ordinal) == true;
        return spent || refusedForBudget ? DialogueState.Finished : DialogueState.Open;
    }

    public static string Label(DialogueState state) => state switch
    {
        DialogueState.Open => "open",
        DialogueState.Finished => "finished (budget spent)",
        _ => "idle-closed",
    };
}

/// <summary>A turn with what the dialogue had spent once it was answered (this turn included).</summary>
public sealed record TurnWithTotals(TurnRecord Turn, double LatencySoFarS, double UsageSoFarUsd)
{
    /// <summary>Running totals in turn order, computed before rendering: each turn shows its own, not the dialogue's last.</summary>
    public static IReadOnlyList<TurnWithTotals> For(IEnumerable<TurnRecord> turns)
    {
        ArgumentNullException.ThrowIfNull(turns);
        double latency = 0, usage = 0;
        var result = new List<TurnWithTotals>();
        foreach (var turn in turns.OrderBy(t => t.Sequence))
        {
            latency += (turn.LatencyMs ?? 0) / 1000;
            usage += turn.UsageUsd ?? 0;
            result.Add(new TurnWithTotals(turn, latency, usage));
        }

        return result;
    }
}
