using Microsoft.EntityFrameworkCore;
using Tmo.Edge.Core.Turns;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Data.Journal;

/// <summary>
/// The rated shadow answers beside the journal (docs/policy.md, "Learning on the device"). A shadow is written once,
/// after the judge rated it, by the shadow answerer alone; it is learning data, not a promise to a device, so it takes
/// no part in the journal's group commit and a lost write costs one sample.
/// </summary>
public sealed class ShadowAnswerStore(IDbContextFactory<TmoEdgeDbContext> contexts)
{
    public async Task AddAsync(ShadowAnswerRecord shadow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shadow);
        ArgumentException.ThrowIfNullOrEmpty(shadow.DialogueId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shadow.Sequence);
        if (!(shadow.Score is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(shadow), shadow.Score, "A shadow's score is a rating in [0, 1].");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.ShadowAnswers.Add(shadow);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Every shadow, oldest first, with the answered turns of its dialogue up to and including the one it shadows: the
    /// turns before are its history, the last one gives it its prompt and task. A shadow whose played turn is no longer
    /// answered in the journal (it cannot be, short of hand edits) is left out.
    /// </summary>
    public async Task<IReadOnlyList<ShadowedTurn>> ShadowedTurnsAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var shadows = await db.ShadowAnswers.AsNoTracking()
            .OrderBy(s => s.CreatedAt).ThenBy(s => s.Id)
            .ToListAsync(cancellationToken);
        var dialogueIds = shadows.Select(s => s.DialogueId).Distinct().ToList();
        var turns = (await db.Turns.AsNoTracking()
                .Where(t => dialogueIds.Contains(t.DialogueId) && t.Status == TurnStatus.Answered)
                .ToListAsync(cancellationToken))
            .ToLookup(t => t.DialogueId, StringComparer.Ordinal);
        return shadows
            .Select(shadow => new ShadowedTurn(shadow, turns[shadow.DialogueId].Where(t => t.Sequence <= shadow.Sequence).OrderBy(t => t.Sequence).ToArray()))
            .Where(shadowed => shadowed.Played is [.., var last] && last.Sequence == shadowed.Shadow.Sequence)
            .ToArray();
    }
}

/// <summary>A shadow answer and the played turns of its dialogue up to the one it shadows (that one last).</summary>
public sealed record ShadowedTurn(ShadowAnswerRecord Shadow, IReadOnlyList<TurnRecord> Played);
