using Microsoft.EntityFrameworkCore;
using Tmo.Edge.Core.Runners;
using Tmo.Edge.Core.Turns;
using Tmo.Edge.Data.Journal;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Data.Tests.Journal;

public sealed class ListingTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Pending_lists_undecided_turns_by_arrival_then_id()
    {
        await using var database = await TestDatabase.CreateAsync();
        var journal = database.Get<TurnJournal>();
        var now = database.Time.GetUtcNow();
        var late = await journal.AcceptAsync(Turns.New("a", now.AddSeconds(5)), Turns.Budget, None);
        var early = await journal.AcceptAsync(Turns.New("b", now), Turns.Budget, None);
        var tiedFirst = await journal.AcceptAsync(Turns.New("c", now.AddSeconds(2)), Turns.Budget, None);
        var tiedSecond = await journal.AcceptAsync(Turns.New("a", now.AddSeconds(2)), Turns.Budget, None);
        var done = await journal.AcceptAsync(Turns.New("b", now.AddSeconds(1)), Turns.Budget, None);
        await journal.CompleteAsync(done.TurnId, Turns.Answered(), None);

        var pending = await journal.PendingAsync(None);

        Assert.Equal([early.TurnId, tiedFirst.TurnId, tiedSecond.TurnId, late.TurnId], pending.Select(t => t.Id));
        Assert.All(pending, t => Assert.Equal(TurnStatus.Pending, t.Status));
    }

    [Fact]
    public async Task Unpublished_lists_completed_turns_until_they_are_marked_published()
    {
        await using var database = await TestDatabase.CreateAsync();
        var journal = database.Get<TurnJournal>();
        var now = database.Time.GetUtcNow();
        var answered = await journal.AcceptAsync(Turns.New("a", now), Turns.Budget, None);
        var refused = await journal.AcceptAsync(Turns.New("b", now.AddSeconds(1)), Turns.Budget, None);
        await journal.AcceptAsync(Turns.New("c", now.AddSeconds(2)), Turns.Budget, None);
        await journal.CompleteAsync(refused.TurnId, Turns.Refused(), None);
        await journal.CompleteAsync(answered.TurnId, Turns.Answered(), None);

        Assert.Equal([answered.TurnId, refused.TurnId], (await journal.UnpublishedAsync(None)).Select(t => t.Id));

        database.Time.Advance(TimeSpan.FromSeconds(1));
        await journal.MarkPublishedAsync(answered.TurnId, None);
        var publishedAt = database.Time.GetUtcNow();
        database.Time.Advance(TimeSpan.FromSeconds(1));
        await journal.MarkPublishedAsync(answered.TurnId, None);

        Assert.Equal([refused.TurnId], (await journal.UnpublishedAsync(None)).Select(t => t.Id));
        await using var db = database.NewContext();
        Assert.Equal(publishedAt, (await db.Turns.SingleAsync(t => t.Id == answered.TurnId)).PublishedAt);
    }

    [Fact]
    public async Task LoadDialogue_returns_the_dialogue_and_its_completed_turns_in_sequence_order()
    {
        await using var database = await TestDatabase.CreateAsync();
        var journal = database.Get<TurnJournal>();
        var now = database.Time.GetUtcNow();
        var first = await journal.AcceptAsync(Turns.New("d", now), Turns.Budget, None);
        var second = await journal.AcceptAsync(Turns.New("d", now.AddSeconds(10)), Turns.Budget, None);
        await journal.AcceptAsync(Turns.New("d", now.AddSeconds(20)), Turns.Budget, None);
        await journal.AcceptAsync(Turns.New("other", now), Turns.Budget, None);
        await journal.CompleteAsync(second.TurnId, Turns.Answered(RunnerLocation.Local), None);
        await journal.CompleteAsync(first.TurnId, Turns.Answered(), None);

        var history = await journal.LoadDialogueAsync("d", None);

        Assert.NotNull(history);
        Assert.Equal(("d", 3), (history.Dialogue.Id, history.Dialogue.TurnCount));
        Assert.Equal(2, history.Turns.Count);
        Assert.Equal((1, 3, "scene", TurnStatus.Answered), (history.Turns[0].Sequence, history.Turns[0].Action, history.Turns[0].Task, history.Turns[0].Status));
        Assert.Equal([0, 2], history.Turns[0].Views);
        Assert.Equal((2, 0), (history.Turns[1].Sequence, history.Turns[1].Action));
        Assert.Empty(history.Turns[1].Views);
    }

    [Fact]
    public async Task LoadDialogue_of_an_unknown_dialogue_is_null()
    {
        await using var database = await TestDatabase.CreateAsync();

        Assert.Null(await database.Get<TurnJournal>().LoadDialogueAsync("nobody", None));
    }

    [Fact]
    public async Task Only_open_dialogues_idle_since_the_cut_off_are_closed()
    {
        await using var database = await TestDatabase.CreateAsync();
        var journal = database.Get<TurnJournal>();
        var start = database.Time.GetUtcNow();
        await journal.AcceptAsync(Turns.New("idle", start), Turns.Budget, None);
        await journal.AcceptAsync(Turns.New("active", start.AddMinutes(20)), Turns.Budget, None);
        database.Time.Advance(TimeSpan.FromMinutes(25));

        Assert.Equal(1, await journal.CloseIdleDialoguesAsync(start.AddMinutes(10), None));
        Assert.Equal(0, await journal.CloseIdleDialoguesAsync(start.AddMinutes(10), None));

        await using var db = database.NewContext();
        var closed = await db.Dialogues.ToDictionaryAsync(d => d.Id, d => d.ClosedAt);
        Assert.Equal(database.Time.GetUtcNow(), closed["idle"]);
        Assert.Null(closed["active"]);
    }
}
