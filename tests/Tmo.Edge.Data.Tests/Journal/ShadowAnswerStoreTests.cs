using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tmo.Edge.Core.Runners;
using Tmo.Edge.Data.Journal;
using Tmo.Edge.Data.Records;
using Tmo.Edge.Data.Retention;

namespace Tmo.Edge.Data.Tests.Journal;

public sealed class ShadowAnswerStoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_shadow_is_read_back_oldest_first_with_the_answered_turns_up_to_the_one_it_shadows()
    {
        await using var database = await TestDatabase.CreateAsync();
        var journal = database.Get<TurnJournal>();
        var store = database.Get<ShadowAnswerStore>();
        await AnswerAsync(database, "d", 3);
        var refused = await journal.AcceptAsync(Turns.New("d", database.Time.GetUtcNow()), Turns.Budget, None);
        await journal.CompleteAsync(refused.TurnId, Turns.Refused(), None);
        await AnswerAsync(database, "e", 1);

        await store.AddAsync(Shadow("d", 2, database.Time.GetUtcNow(), 0.9), None);
        database.Time.Advance(TimeSpan.FromSeconds(1));
        await store.AddAsync(Shadow("e", 1, database.Time.GetUtcNow(), 0.3), None);
        database.Time.Advance(TimeSpan.FromSeconds(1));
        // A shadow of a turn that has no answer in the journal has no state to stand for: left out.
        await store.AddAsync(Shadow("d", refused.Sequence, database.Time.GetUtcNow(), 0.5), None);
        await database.RestartAsync();

        var shadowed = await database.Get<ShadowAnswerStore>().ShadowedTurnsAsync(None);

        Assert.Equal([("d", 2), ("e", 1)], shadowed.Select(s => (s.Shadow.DialogueId, s.Shadow.Sequence)));
        Assert.Equal([1, 2], shadowed[0].Played.Select(t => t.Sequence));
        Assert.Equal([0, 2], shadowed[0].Shadow.Views);
        Assert.Equal((RunnerLocation.Cloud, 0.9, 4500.0), (shadowed[0].Shadow.Location, shadowed[0].Shadow.Score, shadowed[0].Shadow.LatencyMs));
        Assert.Equal([1], shadowed[1].Played.Select(t => t.Sequence));
    }

    [Fact]
    public async Task A_score_outside_zero_to_one_is_refused_and_nothing_stored()
    {
        await using var database = await TestDatabase.CreateAsync();
        await AnswerAsync(database, "d", 1);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => database.Get<ShadowAnswerStore>().AddAsync(Shadow("d", 1, database.Time.GetUtcNow(), 1.5), None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => database.Get<ShadowAnswerStore>().AddAsync(Shadow("d", 1, database.Time.GetUtcNow(), double.NaN), None));

        await using var db = database.NewContext();
        Assert.Equal(0, await db.ShadowAnswers.CountAsync());
    }

    [Fact]
    public async Task Retention_deletes_a_dialogues_shadows_with_it()
    {
        await using var database = await TestDatabase.CreateAsync();
        await AnswerAsync(database, "old", 1);
        await database.Get<ShadowAnswerStore>().AddAsync(Shadow("old", 1, database.Time.GetUtcNow(), 0.7), None);
        database.Time.Advance(TimeSpan.FromDays(31));

        var sweep = await ActivatorUtilities.CreateInstance<RetentionService>(database.Services).SweepAsync(None);

        Assert.Equal(1, sweep.Dialogues);
        await using var db = database.NewContext();
        Assert.Equal(0, await db.ShadowAnswers.CountAsync());
    }

    private static ShadowAnswerRecord Shadow(string dialogueId, int sequence, DateTimeOffset at, double score) => new()
    {
        DialogueId = dialogueId,
        Sequence = sequence,
        Action = 6,
        Location = RunnerLocation.Cloud,
        Views = [0, 2],
        ResponseText = "A cup and a book.",
        LatencyMs = 4500,
        UsageUsd = 0.003,
        Score = score,
        CreatedAt = at,
    };

    private static async Task AnswerAsync(TestDatabase database, string dialogueId, int turns)
    {
        var journal = database.Get<TurnJournal>();
        for (var i = 0; i < turns; i++)
        {
            var turn = await journal.AcceptAsync(Turns.New(dialogueId, database.Time.GetUtcNow()), Turns.Budget, None);
            await journal.CompleteAsync(turn.TurnId, Turns.Answered(RunnerLocation.Local), None);
            await journal.MarkPublishedAsync(turn.TurnId, None);
        }
    }
}
