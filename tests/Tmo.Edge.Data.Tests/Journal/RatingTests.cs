using Microsoft.EntityFrameworkCore;
using Tmo.Edge.Core.Runners;
using Tmo.Edge.Data.Journal;

namespace Tmo.Edge.Data.Tests.Journal;

public sealed class RatingTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_rating_is_stored_with_its_turn_and_a_later_one_replaces_it()
    {
        await using var database = await TestDatabase.CreateAsync();
        var journal = database.Get<TurnJournal>();
        await AnswerAsync(database, "d", 2);

        await journal.RateAsync("d", 2, 0.75, None);

        await using (var db = database.NewContext())
        {
            var turns = await db.Turns.OrderBy(t => t.Sequence).ToListAsync();
            Assert.Equal([null, 0.75], turns.Select(t => t.Score));
        }

        await journal.RateAsync("d", 2, 0.25, None);
        await database.RestartAsync();
        await using (var db = database.NewContext())
        {
            Assert.Equal(0.25, (await db.Turns.SingleAsync(t => t.Sequence == 2)).Score);
        }
    }

    [Fact]
    public async Task Only_an_answered_turn_can_be_rated_and_only_in_zero_to_one()
    {
        await using var database = await TestDatabase.CreateAsync();
        var journal = database.Get<TurnJournal>();
        await AnswerAsync(database, "d", 1);
        var refused = await journal.AcceptAsync(Turns.New("d", database.Time.GetUtcNow()), Turns.Budget, None);
        await journal.CompleteAsync(refused.TurnId, Turns.Refused(), None);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => journal.RateAsync("d", refused.Sequence, 1, None));
        Assert.Contains("not an answered turn", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(() => journal.RateAsync("d", 9, 1, None));
        await Assert.ThrowsAsync<InvalidOperationException>(() => journal.RateAsync("other", 1, 1, None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => journal.RateAsync("d", 1, 1.5, None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => journal.RateAsync("d", 1, double.NaN, None));

        await using var db = database.NewContext();
        Assert.All(await db.Turns.ToListAsync(), t => Assert.Null(t.Score));
    }

    [Fact]
    public async Task Rated_dialogues_keep_their_answers_up_to_the_last_rated_one_oldest_first()
    {
        await using var database = await TestDatabase.CreateAsync();
        var journal = database.Get<TurnJournal>();

        // "b" starts first (its id sorts last): answered, refused, answered and rated, answered. The refusal has no
        // answer, and the last turn comes after the rating.
        await AnswerAsync(database, "b", 1);
        var refused = await journal.AcceptAsync(Turns.New("b", database.Time.GetUtcNow()), Turns.Budget, None);
        await journal.CompleteAsync(refused.TurnId, Turns.Refused(), None);
        database.Time.Advance(TimeSpan.FromMinutes(1));
        await AnswerAsync(database, "a", 1);
        await AnswerAsync(database, "unrated", 2);
        await AnswerAsync(database, "b", 2);
        await journal.RateAsync("a", 1, 0.5, None);
        await journal.RateAsync("b", 3, 1, None);

        var dialogues = await journal.RatedDialoguesAsync(None);

        Assert.Equal(["b", "a"], dialogues.Select(d => d.Id));
        Assert.Equal([1, 3], dialogues[0].Turns.Select(t => t.Sequence));
        Assert.Equal([null, 1.0], dialogues[0].Turns.Select(t => t.Score));
        Assert.Equal([1], dialogues[1].Turns.Select(t => t.Sequence));
        Assert.Equal("A door, two metres ahead.", dialogues[1].Turns[0].ResponseText);
    }

    private static async Task AnswerAsync(TestDatabase database, string dialogueId, int turns)
    {
        var journal = database.Get<TurnJournal>();
        for (var i = 0; i < turns; i++)
        {
            var turn = await journal.AcceptAsync(Turns.New(dialogueId, database.Time.GetUtcNow()), Turns.Budget, None);
            await journal.CompleteAsync(turn.TurnId, Turns.Answered(i % 2 == 0 ? RunnerLocation.Cloud : RunnerLocation.Local), None);
        }
    }
}
