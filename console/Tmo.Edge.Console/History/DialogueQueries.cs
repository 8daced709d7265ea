using Microsoft.EntityFrameworkCore;
using Tmo.Edge.Core.Turns;
using Tmo.Edge.Data;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Console.History;

/// <summary>The console's queries over dialogues and their turns, as the daemon journaled them (the Dialogues page).</summary>
public sealed class DialogueQueries(IDbContextFactory<TmoEdgeDbContext> contexts)
{
    /// <summary>The most recently active dialogues, each with its last turn's outcome (which tells a finished dialogue).</summary>
    public async Task<IReadOnlyList<DialogueSummary>> RecentAsync(string? search, int count, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var dialogues = db.Dialogues.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var text = search.Trim();
            dialogues = dialogues.Where(d => d.Id.Contains(text));
        }

        return await dialogues.OrderByDescending(d => d.LastActivityAt).Take(count)
            .Select(d => new DialogueSummary(
                d,
                d.Turns.OrderByDescending(t => t.Sequence).Select(t => (TurnStatus?)t.Status).FirstOrDefault(),
                d.Turns.OrderByDescending(t => t.Sequence).Select(t => t.Error).FirstOrDefault()))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The dialogue with its turns in order, or null.</summary>
    public async Task<DialogueRecord?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Dialogues.AsNoTracking()
            .Include(d => d.Turns.OrderBy(t => t.Sequence))
            .SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
    }
}
