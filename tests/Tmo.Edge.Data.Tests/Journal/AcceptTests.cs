using Microsoft.EntityFrameworkCore;
using Tmo.Edge.Core.Turns;
using Tmo.Edge.Data.Journal;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Data.Tests.Journal;

public sealed class AcceptTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Sequences_count_from_one_in_each_dialogue()
    {
        await using var database = await TestDatabase.CreateAsync();
        var journal = database.Get<TurnJournal>();
        var now = database.Time.GetUtcNow();

        var sequences = new List<(string, int)>();
        foreach (var dialogue in new[] { "a", "b", "a", "a", "b" })
        {
            var accepted = await journal.AcceptAsync(Turns.New(dialogue, now), Turns.Budget, None);
            sequences.Add((dialogue, accepted.Sequence));
        }

        Assert.Equal([("a", 1), ("b", 1), ("a", 2), ("a", 3), ("b", 2)], sequences);
    }

    [Fact]
    public async Task The_first_turn_creates_the_dialogue_with_its_budgets_and_later_ones_keep_them()
    {
        await using var database = await TestDatabase.CreateAsync();
        var journal = database.Get<TurnJournal>();
        var first = database.Time.GetUtcNow();

        await journal.AcceptAsync(Turns.New("d", first), new DialogueBudget(20, 0.03), None);
        await journal.AcceptAsync(Turns.New("d", first.AddSeconds(40)), new DialogueBudget(99, 9), None);

        await using var db = database.NewContext();
        var dialogue = await db.Dialogues.SingleAsync();
        Assert.Equal((20.0, 0.03), (dialogue.LatencyBudgetS, dialogue.UsageBudgetUsd));
        Assert.Equal(first, dialogue.StartedAt);
        Assert.Equal(first.AddSeconds(40), dialogue.LastActivityAt);
        Assert.Equal(2, dialogue.TurnCount);
        Assert.Null(dialogue.ClosedAt);

        var turn = await db.Turns.SingleAsync(t => t.Sequence == 1);
        Assert.Equal(TurnStatus.Pending, turn.Status);
        Assert.Equal(first, turn.ReceivedAt);
        Assert.Equal(("scene", false), (turn.Task, turn.TaskInferred));
    }

    [Fact]
    public async Task A_redelivered_request_returns_the_first_turn_and_records_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        var journal = database.Get<TurnJournal>();
        var now = database.Time.GetUtcNow();

        var first = await journal.AcceptAsync(Turns.New("d", now, requestId: "r-1"), Turns.Budget, None);
        var again = await journal.AcceptAsync(Turns.New("d", now.AddSeconds(3), requestId: "r-1"), Turns.Budget, None);

        Assert.False(first.Duplicate);
        Assert.Equal(first with { Duplicate = true }, again);
        await using var db = database.NewContext();
        Assert.Equal(1, await db.Turns.CountAsync());
        var dialogue = await db.Dialogues.SingleAsync();
        Assert.Equal((1, now), (dialogue.TurnCount, dialogue.LastActivityAt));
    }

    [Fact]
    public async Task A_redelivery_reports_how_far_the_first_turn_got()
    {
        await using var database = await TestDatabase.CreateAsync();
        var journal = database.Get<TurnJournal>();
        var first = await journal.AcceptAsync(Turns.New("d", database.Time.GetUtcNow(), requestId: "r-1"), Turns.Budget, None);
        await journal.CompleteAsync(first.TurnId, Turns.Answered(), None);

        var again = await journal.AcceptAsync(Turns.New("d", database.Time.GetUtcNow(), requestId: "r-1"), Turns.Budget, None);

        Assert.Equal(new AcceptedTurn(first.TurnId, 1, TurnStatus.Answered, Duplicate: true), again);
    }

    [Fact]
    public async Task Request_ids_are_scoped_to_their_dialogue_and_turns_without_one_are_never_duplicates()
    {
        await using var database = await TestDatabase.CreateAsync();
        var journal = database.Get<TurnJournal>();
        var now = database.Time.GetUtcNow();

        var results = new[]
        {
            await journal.AcceptAsync(Turns.New("a", now, requestId: "r-1"), Turns.Budget, None),
            await journal.AcceptAsync(Turns.New("b", now, requestId: "r-1"), Turns.Budget, None),
            await journal.AcceptAsync(Turns.New("a", now), Turns.Budget, None),
            await journal.AcceptAsync(Turns.New("a", now), Turns.Budget, None),
        };

        Assert.All(results, r => Assert.False(r.Duplicate));
        Assert.Equal([1, 1, 2, 3], results.Select(r => r.Sequence));
    }

    [Fact]
    public async Task A_new_turn_reopens_an_idle_closed_dialogue_and_continues_its_sequence()
    {
        await using var database = await TestDatabase.CreateAsync();
        var journal = database.Get<TurnJournal>();
        await journal.AcceptAsync(Turns.New("d", database.Time.GetUtcNow()), Turns.Budget, None);
        database.Time.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(1, await journal.CloseIdleDialoguesAsync(database.Time.GetUtcNow().AddMinutes(-10), None));

        var accepted = await journal.AcceptAsync(Turns.New("d", database.Time.GetUtcNow()), Turns.Budget, None);

        Assert.Equal(2, accepted.Sequence);
        await using var db = database.NewContext();
        Assert.Null((await db.Dialogues.SingleAsync()).ClosedAt);
    }

    [Theory]
    [InlineData("", null, "scene")]
    [InlineData("d", "", "scene")]
    [InlineData("d", null, "")]
    public async Task Malformed_turns_are_rejected_before_touching_the_database(string dialogueId, string? requestId, string task)
    {
        await using var database = await TestDatabase.CreateAsync();
        var turn = new NewTurn(dialogueId, requestId, database.Time.GetUtcNow(), "prompt", task, TaskInferred: true);

        await Assert.ThrowsAnyAsync<ArgumentException>(() => database.Get<TurnJournal>().AcceptAsync(turn, Turns.Budget, None));
    }

    [Fact]
    public async Task An_overlong_dialogue_id_is_rejected()
    {
        await using var database = await TestDatabase.CreateAsync();
        var turn = Turns.New(new string('x', DialogueRecord.IdMaxLength + 1), database.Time.GetUtcNow());

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => database.Get<TurnJournal>().AcceptAsync(turn, Turns.Budget, None));
    }
}
