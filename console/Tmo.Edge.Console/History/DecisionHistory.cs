using Microsoft.EntityFrameworkCore;
using Tmo.Edge.Data;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Console.History;

/// <summary>Decided turns from the daemon's journal, filtered, sorted and paged in SQLite.</summary>
public sealed class DecisionHistory(IDbContextFactory<TmoEdgeDbContext> contexts)
{
    public const int PromptPreviewLength = 120;

    public async Task<(IReadOnlyList<DecisionRow> Rows, int Total)> PageAsync(
        DecisionFilter filter, DecisionSort sort, bool descending, int page, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfNegative(page);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = Filtered(db.Turns.AsNoTracking(), filter);
        var total = await query.CountAsync(cancellationToken);
        var rows = await Sorted(query, sort, descending)
            .Skip(page * pageSize)
            .Take(pageSize)
            .Select(t => new DecisionRow(
                t.Id, t.ReceivedAt, t.DialogueId, t.Sequence, t.Task, t.Status, t.Action, t.Location, t.LatencyMs, t.UsageUsd,
                t.EnergyJ, t.PolicyVersion, t.Error, t.Prompt.Length > PromptPreviewLength ? t.Prompt.Substring(0, PromptPreviewLength) : t.Prompt, t.Views))
            .ToListAsync(cancellationToken);
        return (rows, total);
    }

    public async Task<TurnRecord?> FindAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Turns.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
    }

    /// <summary>The tasks that occur in the journal, for the task filter.</summary>
    public async Task<IReadOnlyList<string>> TasksAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Turns.AsNoTracking().Select(t => t.Task).Distinct().OrderBy(t => t).ToListAsync(cancellationToken);
    }

    private static IQueryable<TurnRecord> Filtered(IQueryable<TurnRecord> turns, DecisionFilter filter)
    {
        if (filter.From is { } from)
        {
            turns = turns.Where(t => t.ReceivedAt >= from);
        }

        if (filter.To is { } to)
        {
            turns = turns.Where(t => t.ReceivedAt <= to);
        }

        if (!string.IsNullOrWhiteSpace(filter.Dialogue))
        {
            var dialogue = filter.Dialogue.Trim();
            turns = turns.Where(t => t.DialogueId.Contains(dialogue));
        }

        if (!string.IsNullOrEmpty(filter.Task))
        {
            turns = turns.Where(t => t.Task == filter.Task);
        }

        if (filter.Action is { } action)
        {
            turns = turns.Where(t => t.Action == action);
        }

        if (filter.Location is { } location)
        {
            turns = turns.Where(t => t.Location == location);
        }

        if (filter.ErrorsOnly)
        {
            turns = turns.Where(t => t.Error != null);
        }

        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var text = filter.Text.Trim();
            turns = turns.Where(t => t.Prompt.Contains(text) || (t.ResponseText != null && t.ResponseText.Contains(text)));
        }

        return turns;
    }

    private static IOrderedQueryable<TurnRecord> Sorted(IQueryable<TurnRecord> turns, DecisionSort sort, bool descending)
    {
        var ordered = sort switch
        {
            DecisionSort.DialogueId => descending ? turns.OrderByDescending(t => t.DialogueId) : turns.OrderBy(t => t.DialogueId),
            DecisionSort.Task => descending ? turns.OrderByDescending(t => t.Task) : turns.OrderBy(t => t.Task),
            DecisionSort.Action => descending ? turns.OrderByDescending(t => t.Action) : turns.OrderBy(t => t.Action),
            DecisionSort.Location => descending ? turns.OrderByDescending(t => t.Location) : turns.OrderBy(t => t.Location),
            DecisionSort.LatencyMs => descending ? turns.OrderByDescending(t => t.LatencyMs) : turns.OrderBy(t => t.LatencyMs),
            DecisionSort.UsageUsd => descending ? turns.OrderByDescending(t => t.UsageUsd) : turns.OrderBy(t => t.UsageUsd),
            _ => descending ? turns.OrderByDescending(t => t.ReceivedAt) : turns.OrderBy(t => t.ReceivedAt),
        };

        // A stable order for paging when the sort key ties.
        return descending ? ordered.ThenByDescending(t => t.Id) : ordered.ThenBy(t => t.Id);
    }
}
