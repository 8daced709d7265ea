using System.Collections.Concurrent;
using Tmo.Edge.Data.Journal;

namespace Tmo.Edge.Data.Tests.Journal;

/// <summary>Which commits pay for an fsync: everything but a batch of nothing but published-notes.</summary>
public sealed class DurabilityTests
{
    private const long Normal = 1;
    private const long Full = 2;

    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_batch_of_only_published_notes_commits_without_fsync_and_the_next_turn_commits_with_one()
    {
        await using var database = await TestDatabase.CreateAsync();
        var journal = database.Get<TurnJournal>();
        var modes = RecordSynchronousModes(journal);
        var now = database.Time.GetUtcNow();

        var first = await journal.AcceptAsync(Turns.New("d1", now), Turns.Budget, None);
        await journal.CompleteAsync(first.TurnId, Turns.Answered(), None);
        await journal.MarkPublishedAsync(first.TurnId, None);
        await journal.AcceptAsync(Turns.New("d1", now), Turns.Budget, None);

        Assert.Equal([Full, Full, Normal, Full], modes);
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
        var modes = RecordSynchronousModes(journal);
        var held = HeldWriter.On(journal);
        var blocker = journal.AcceptAsync(Turns.New("d0", now), Turns.Budget, None);
        await held.Taken;

        var note = journal.MarkPublishedAsync(first.TurnId, None);
        var next = journal.AcceptAsync(Turns.New("d2", now), Turns.Budget, None);
        held.Release();
        await Task.WhenAll(blocker, note, next);

        Assert.Equal([1, 2], held.BatchSizes);
        Assert.Equal([Full, Full], modes);
    }

    /// <summary>The writer connection's synchronous setting as each batch commits, in commit order.</summary>
    private static ConcurrentQueue<long> RecordSynchronousModes(TurnJournal journal)
    {
        var modes = new ConcurrentQueue<long>();
        journal.Committed = async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA synchronous";
            modes.Enqueue((long)(await command.ExecuteScalarAsync())!);
        };
        return modes;
    }
}
