using Microsoft.EntityFrameworkCore;
using Tmo.Edge.Core.Turns;
using Tmo.Edge.Data.Journal;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Data.Tests.Journal;

/// <summary>The journal's single writer: what a batch shares (one transaction) and what each caller keeps to itself.</summary>
public sealed class GroupCommitTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Five_hundred_concurrent_accepts_over_fifty_dialogues_number_each_dialogue_one_to_ten()
    {
        await using var database = await TestDatabase.CreateAsync();
        var journal = database.Get<TurnJournal>();
        var now = database.Time.GetUtcNow();

        await Parallel.ForAsync(0, 500, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
            await journal.AcceptAsync(Turns.New($"d{i % 50}", now, requestId: $"r{i}"), Turns.Budget, ct));

        await using var db = database.NewContext();
        var turns = await db.Turns.AsNoTracking().ToListAsync();
        Assert.Equal(500, turns.Count);
        foreach (var dialogue in turns.GroupBy(t => t.DialogueId))
        {
            // Ids are given in commit order, so sorting by id shows the order the writer numbered them in.
            Assert.Equal(Enumerable.Range(1, 10), dialogue.OrderBy(t => t.Id).Select(t => t.Sequence));
        }

        Assert.All(await db.Dialogues.ToListAsync(), d => Assert.Equal(10, d.TurnCount));
    }

    [Fact]
    public async Task A_batch_numbers_each_dialogue_in_the_order_the_calls_were_made()
    {
        await using var database = await TestDatabase.CreateAsync();
        var journal = database.Get<TurnJournal>();
        var now = database.Time.GetUtcNow();
        await using var held = await HeldWriter.OnAsync(database);
        var first = journal.AcceptAsync(Turns.New("first", now), Turns.Budget, None);
        await held.Taken;

        // Queued from one thread without awaiting, so the call order is the arrival order.
        var calls = Enumerable.Range(0, 500)
            .Select(i => (Dialogue: $"d{i % 50}", Accept: journal.AcceptAsync(Turns.New($"d{i % 50}", now.AddMilliseconds(i)), Turns.Budget, None)))
            .ToList();
        await held.ReleaseAsync();
        await first;
        var accepted = await Task.WhenAll(calls.Select(c => c.Accept));

        Assert.Equal(2, held.Batches); // the first request alone, then the 500 queued meanwhile
        foreach (var dialogue in calls.Zip(accepted).GroupBy(c => c.First.Dialogue))
        {
            Assert.Equal(Enumerable.Range(1, 10), dialogue.Select(c => c.Second.Sequence));
        }

        await using var db = database.NewContext();
        Assert.Equal(
            [.. accepted.Select(a => a.TurnId)],
            await db.Turns.Where(t => t.DialogueId != "first").OrderBy(t => t.Id).Select(t => t.Id).ToListAsync());
    }

    [Fact]
    public async Task A_request_repeated_within_one_batch_returns_the_first_turn_and_records_it_once()
    {
        await using var database = await TestDatabase.CreateAsync();
        var journal = database.Get<TurnJournal>();
        var now = database.Time.GetUtcNow();
        await using var held = await HeldWriter.OnAsync(database);
        var first = journal.AcceptAsync(Turns.New("first", now), Turns.Budget, None);
        await held.Taken;

        var original = journal.AcceptAsync(Turns.New("d", now, requestId: "r-1"), Turns.Budget, None);
        var redelivered = journal.AcceptAsync(Turns.New("d", now.AddSeconds(1), requestId: "r-1"), Turns.Budget, None);
        var next = journal.AcceptAsync(Turns.New("d", now.AddSeconds(2), requestId: "r-2"), Turns.Budget, None);
        await held.ReleaseAsync();
        await first;

        var accepted = await original;
        Assert.Equal(new AcceptedTurn(accepted.TurnId, 1, TurnStatus.Pending, Duplicate: false), accepted);
        Assert.Equal(accepted with { Duplicate = true }, await redelivered);
        Assert.Equal(2, (await next).Sequence);
        Assert.Equal(2, held.Batches); // the first request alone, then the three queued meanwhile
        await using var db = database.NewContext();
        Assert.Equal(2, await db.Turns.CountAsync(t => t.DialogueId == "d"));
        Assert.Equal(2, (await db.Dialogues.SingleAsync(d => d.Id == "d")).TurnCount);
    }

    [Fact]
    public async Task A_wrong_request_fails_alone_and_the_rest_of_its_batch_commits()
    {
        await using var database = await TestDatabase.CreateAsync();
        var journal = database.Get<TurnJournal>();
        var now = database.Time.GetUtcNow();
        var earlier = await journal.AcceptAsync(Turns.New("d", now), Turns.Budget, None);
        await using var held = await HeldWriter.OnAsync(database);
        var first = journal.AcceptAsync(Turns.New("first", now), Turns.Budget, None);
        await held.Taken;

        var before = journal.AcceptAsync(Turns.New("d", now.AddSeconds(1)), Turns.Budget, None);
        var malformed = journal.AcceptAsync(Turns.New("d", now) with { Task = "" }, Turns.Budget, None);
        var unknown = journal.CompleteAsync(earlier.TurnId + 1000, Turns.Answered(), None);
        var complete = journal.CompleteAsync(earlier.TurnId, Turns.Answered(), None);
        var after = journal.AcceptAsync(Turns.New("d", now.AddSeconds(2)), Turns.Budget, None);
        await held.ReleaseAsync();
        await first;

        // The malformed turn is refused before it is queued; the unknown turn is found out in the batch.
        await Assert.ThrowsAnyAsync<ArgumentException>(() => malformed);
        await Assert.ThrowsAsync<InvalidOperationException>(() => unknown);
        Assert.Equal(2, held.Batches); // the first request alone, then the four queued meanwhile
        Assert.Equal((2, 3), ((await before).Sequence, (await after).Sequence));
        await complete;
        await using var db = database.NewContext();
        Assert.Equal(TurnStatus.Answered, (await db.Turns.SingleAsync(t => t.Id == earlier.TurnId)).Status);
    }

    [Fact]
    public async Task A_database_error_fails_exactly_the_requests_of_its_batch_and_later_batches_commit()
    {
        await using var database = await TestDatabase.CreateAsync();
        var journal = database.Get<TurnJournal>();
        var now = database.Time.GetUtcNow();
        var earlier = await journal.AcceptAsync(Turns.New("d", now), Turns.Budget, None);
        database.Logs.ExpectErrors();
        await database.ExecuteSqlAsync(
            "CREATE TRIGGER Poison BEFORE INSERT ON Turns WHEN NEW.Prompt = 'poison' BEGIN SELECT RAISE(ABORT, 'poisoned'); END;");
        await using var held = await HeldWriter.OnAsync(database);
        var first = journal.AcceptAsync(Turns.New("first", now), Turns.Budget, None);
        await held.Taken;

        var failing = new Task[]
        {
            journal.AcceptAsync(Turns.New("d", now.AddSeconds(1)), Turns.Budget, None),
            journal.CompleteAsync(earlier.TurnId, Turns.Answered(), None),
            journal.AcceptAsync(Turns.New("other", now, prompt: "poison"), Turns.Budget, None),
            journal.MarkPublishedAsync(earlier.TurnId, None),
        };
        await held.ReleaseAsync();
        await first;

        var errors = new List<Exception>();
        foreach (var task in failing)
        {
            errors.Add(await Assert.ThrowsAsync<DbUpdateException>(() => task));
        }

        Assert.Contains("poisoned", errors[0].InnerException?.Message);
        Assert.All(errors, e => Assert.Same(errors[0], e));
        Assert.Equal(2, held.Batches); // the first request alone, then the four queued meanwhile

        // Nothing of the failed batch stuck: the dialogue goes on from its second turn, the earlier turn is still pending.
        Assert.Equal(2, (await journal.AcceptAsync(Turns.New("d", now.AddSeconds(2)), Turns.Budget, None)).Sequence);
        await journal.CompleteAsync(earlier.TurnId, Turns.Answered(), None);
        await using var db = database.NewContext();
        Assert.Equal(TurnStatus.Answered, (await db.Turns.SingleAsync(t => t.Id == earlier.TurnId)).Status);
        Assert.Null(await db.Dialogues.SingleOrDefaultAsync(d => d.Id == "other"));
    }

    [Fact]
    public async Task Closing_idle_dialogues_in_a_batch_sees_the_writes_queued_before_it_and_not_those_after()
    {
        await using var database = await TestDatabase.CreateAsync();
        var journal = database.Get<TurnJournal>();
        var start = database.Time.GetUtcNow();
        await journal.AcceptAsync(Turns.New("refreshed", start), Turns.Budget, None);
        await journal.AcceptAsync(Turns.New("reopened", start), Turns.Budget, None);
        await journal.AcceptAsync(Turns.New("idle", start), Turns.Budget, None);
        database.Time.Advance(TimeSpan.FromMinutes(30));
        var now = database.Time.GetUtcNow();
        await using var held = await HeldWriter.OnAsync(database);
        var first = journal.AcceptAsync(Turns.New("first", now), Turns.Budget, None);
        await held.Taken;

        var refreshed = journal.AcceptAsync(Turns.New("refreshed", now), Turns.Budget, None);
        var close = journal.CloseIdleDialoguesAsync(now.AddMinutes(-10), None);
        var reopened = journal.AcceptAsync(Turns.New("reopened", now), Turns.Budget, None);
        await held.ReleaseAsync();
        await first;

        Assert.Equal(2, await close);
        Assert.Equal((2, 2), ((await refreshed).Sequence, (await reopened).Sequence));
        Assert.Equal(2, held.Batches); // the first request alone, then the three queued meanwhile
        await using var db = database.NewContext();
        var closed = await db.Dialogues.ToDictionaryAsync(d => d.Id, d => d.ClosedAt);
        Assert.Equal(now, closed["idle"]);
        Assert.Null(closed["refreshed"]);
        Assert.Null(closed["reopened"]);
    }

    [Fact]
    public async Task A_call_cancelled_while_queued_writes_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        var journal = database.Get<TurnJournal>();
        var now = database.Time.GetUtcNow();
        await using var held = await HeldWriter.OnAsync(database);
        var first = journal.AcceptAsync(Turns.New("first", now), Turns.Budget, None);
        await held.Taken;

        using var cancel = new CancellationTokenSource();
        var cancelled = journal.AcceptAsync(Turns.New("d", now), Turns.Budget, cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        var next = journal.AcceptAsync(Turns.New("d", now), Turns.Budget, None);
        await held.ReleaseAsync();
        await first;

        Assert.Equal(1, (await next).Sequence);
        Assert.Equal(2, held.Batches); // the first request alone, then the one left queued
    }

    [Fact]
    public async Task A_call_cancelled_once_its_batch_began_gets_the_outcome_of_its_write()
    {
        await using var database = await TestDatabase.CreateAsync();
        var journal = database.Get<TurnJournal>();
        await using var held = await HeldWriter.OnAsync(database);
        using var cancel = new CancellationTokenSource();
        var accept = journal.AcceptAsync(Turns.New("d", database.Time.GetUtcNow()), Turns.Budget, cancel.Token);
        await held.Taken;

        await cancel.CancelAsync();
        await held.ReleaseAsync();

        Assert.Equal(1, (await accept).Sequence);
        await using var db = database.NewContext();
        Assert.Equal(1, await db.Turns.CountAsync());
    }

    [Fact]
    public async Task Disposing_the_journal_commits_what_is_queued_and_refuses_later_calls()
    {
        await using var database = await TestDatabase.CreateAsync();
        var journal = database.Get<TurnJournal>();
        var now = database.Time.GetUtcNow();
        await using var held = await HeldWriter.OnAsync(database);
        var first = journal.AcceptAsync(Turns.New("first", now), Turns.Budget, None);
        await held.Taken;
        var queued = Enumerable.Range(0, 20).Select(i => journal.AcceptAsync(Turns.New("d", now), Turns.Budget, None)).ToList();

        var disposing = journal.DisposeAsync().AsTask();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => journal.AcceptAsync(Turns.New("d", now), Turns.Budget, None));
        Assert.False(disposing.IsCompleted);
        await held.ReleaseAsync();
        await disposing;

        // Committed by the time disposing returns; the callers' awaits resume on their own threads a moment later.
        await using var db = database.NewContext();
        Assert.Equal(21, await db.Turns.CountAsync());
        await first;
        Assert.Equal(Enumerable.Range(1, 20), (await Task.WhenAll(queued)).Select(q => q.Sequence));
    }

    [Fact]
    public async Task Disposing_the_services_drains_the_journal_before_the_file_is_closed()
    {
        await using var database = await TestDatabase.CreateAsync();
        var journal = database.Get<TurnJournal>();
        var now = database.Time.GetUtcNow();

        var queued = Enumerable.Range(0, 50).Select(i => journal.AcceptAsync(Turns.New($"d{i % 5}", now), Turns.Budget, None)).ToList();
        await database.RestartAsync();

        Assert.Equal(50, (await database.Get<TurnJournal>().PendingAsync(None)).Count);
        await Task.WhenAll(queued);
    }
}
