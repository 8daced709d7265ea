using Tmo.Edge.Data.Journal;

namespace Tmo.Edge.Data.Tests.Journal;

/// <summary>Which commits pay for an fsync: everything but a batch of nothing but published-notes.</summary>
public sealed class DurabilityTests
{
    private const long Normal = TransactionTrace.Normal;
    private const long Full = TransactionTrace.Full;

    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_batch_of_only_published_notes_commits_without_fsync_and_the_next_turn_commits_with_one()
    {
        await using var database = await TestDatabase.CreateAsync();
        var journal = database.Get<TurnJournal>();
        var now = database.Time.GetUtcNow();
        var committedBefore = database.Transactions.Commits.Count;

        var first = await journal.AcceptAsync(Turns.New("d1", now), Turns.Budget, None);
        await journal.CompleteAsync(first.TurnId, Turns.Answered(), None);
        await journal.MarkPublishedAsync(first.TurnId, None);
        await journal.AcceptAsync(Turns.New("d1", now), Turns.Budget, None);

        Assert.Equal([Full, Full, Normal, Full], database.Transactions.Commits.Skip(committedBefore));
        Assert.Empty(await journal.UnpublishedAsync(None));
    }

    [Fact]
    public async Task A_published_note_that_shares_a_batch_with_a_turn_is_committed_with_fsync()
    {
        await using var database = await TestDatabase.CreateAsync();
        var journal = database.Get<TurnJournal>();
        var now = database.Time.GetUtcNow();
        var first = await journal.AcceptAsync(Turns.New("d1", now), Turns.Budget, None);
        await journal.CompleteAsync(first.TurnId, Turns.Answered(), None);
        var committedBefore = database.Transactions.Commits.Count;
        await using var held = await HeldWriter.OnAsync(database);
        var blocker = journal.AcceptAsync(Turns.New("d0", now), Turns.Budget, None);
        await held.Taken;

        var note = journal.MarkPublishedAsync(first.TurnId, None);
        var next = journal.AcceptAsync(Turns.New("d2", now), Turns.Budget, None);
        await held.ReleaseAsync();
        await Task.WhenAll(blocker, note, next);

        // The blocker alone, then the note and the next turn together.
        Assert.Equal(2, held.Batches);
        Assert.Equal([Full, Full], database.Transactions.Commits.Skip(committedBefore));
    }
}
