using Microsoft.EntityFrameworkCore;
using Tmo.Edge.Core.Runners;
using Tmo.Edge.Core.Turns;
using Tmo.Edge.Data.Journal;
using Tmo.Edge.Data.Records;
using Tmo.Edge.Data.Spending;

namespace Tmo.Edge.Data.Tests.Journal;

public sealed class CompleteTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Completing_records_the_outcome_and_books_its_costs_to_the_dialogue_and_the_day()
    {
        await using var database = await TestDatabase.CreateAsync();
        var journal = database.Get<TurnJournal>();
        var turn = await journal.AcceptAsync(Turns.New("d", database.Time.GetUtcNow()), Turns.Budget, None);
        database.Time.Advance(TimeSpan.FromSeconds(2));

        await journal.CompleteAsync(turn.TurnId, Turns.Answered(latencyS: 1.5, usageUsd: 0.002), None);

        await using var db = database.NewContext();
        var record = await db.Turns.SingleAsync();
        Assert.Equal(TurnStatus.Answered, record.Status);
        Assert.Equal((3, RunnerLocation.Cloud), (record.Action, record.Location));
        Assert.Equal([0, 2], record.Views);
        Assert.Equal([0.1f, 0.2f, 0.3f, 0.4f], record.Probabilities);
        Assert.Equal([new MaskedActionRecord(1, "LatencyBudget")], record.Masked);
        Assert.Equal((1500.0, 0.002, 4.5), (record.LatencyMs!.Value, record.UsageUsd!.Value, record.EnergyJ!.Value));
        Assert.Equal(("A door, two metres ahead.", "rc-a2c-1"), (record.ResponseText, record.PolicyVersion));
        Assert.Equal(database.Time.GetUtcNow(), record.AnsweredAt);
        Assert.Null(record.PublishedAt);

        var dialogue = await db.Dialogues.SingleAsync();
        Assert.Equal((1.5, 0.002), (dialogue.SpentLatencyS, dialogue.SpentUsageUsd));
        Assert.Equal(new DailySpend(DateOnly.FromDateTime(TestDatabase.Start.UtcDateTime), 0.002, 0), await database.Get<DailySpendLedger>().TodayAsync(None));
    }

    [Fact]
    public async Task Local_usage_is_booked_to_the_local_column()
    {
        await using var database = await TestDatabase.CreateAsync();
        var journal = database.Get<TurnJournal>();
        var turn = await journal.AcceptAsync(Turns.New("d", database.Time.GetUtcNow()), Turns.Budget, None);

        await journal.CompleteAsync(turn.TurnId, Turns.Answered(RunnerLocation.Local, latencyS: 0.8, usageUsd: 0.0001), None);

        var today = await database.Get<DailySpendLedger>().TodayAsync(None);
        Assert.Equal((0.0, 0.0001), (today.CloudUsd, today.LocalUsd));
    }

    [Fact]
    public async Task Completing_a_turn_twice_counts_it_once()
    {
        await using var database = await TestDatabase.CreateAsync();
        var journal = database.Get<TurnJournal>();
        var turn = await journal.AcceptAsync(Turns.New("d", database.Time.GetUtcNow()), Turns.Budget, None);

        await journal.CompleteAsync(turn.TurnId, Turns.Answered(latencyS: 1, usageUsd: 0.004), None);
        database.Time.Advance(TimeSpan.FromSeconds(5));
        await journal.CompleteAsync(turn.TurnId, Turns.Answered(latencyS: 9, usageUsd: 0.04) with { Text = "other" }, None);

        await using var db = database.NewContext();
        var dialogue = await db.Dialogues.SingleAsync();
        Assert.Equal((1.0, 0.004), (dialogue.SpentLatencyS, dialogue.SpentUsageUsd));
        Assert.Equal(0.004, (await database.Get<DailySpendLedger>().TodayAsync(None)).CloudUsd);
        var record = await db.Turns.SingleAsync();
        Assert.Equal(("A door, two metres ahead.", TestDatabase.Start), (record.ResponseText, record.AnsweredAt));
    }

    [Fact]
    public async Task The_ledger_day_follows_the_clock_across_midnight_utc()
    {
        await using var database = await TestDatabase.CreateAsync();
        var journal = database.Get<TurnJournal>();
        var ledger = database.Get<DailySpendLedger>();
        database.Time.SetUtcNow(new DateTimeOffset(2025, 6, 1, 23, 59, 0, TimeSpan.Zero));
        var before = await journal.AcceptAsync(Turns.New("d", database.Time.GetUtcNow()), Turns.Budget, None);
        var after = await journal.AcceptAsync(Turns.New("d", database.Time.GetUtcNow()), Turns.Budget, None);

        await journal.CompleteAsync(before.TurnId, Turns.Answered(usageUsd: 0.01), None);
        Assert.Equal(new DailySpend(new DateOnly(2025, 6, 1), 0.01, 0), await ledger.TodayAsync(None));

        database.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(new DailySpend(new DateOnly(2025, 6, 2), 0, 0), await ledger.TodayAsync(None));
        await journal.CompleteAsync(after.TurnId, Turns.Answered(usageUsd: 0.003), None);

        Assert.Equal(new DailySpend(new DateOnly(2025, 6, 2), 0.003, 0), await ledger.TodayAsync(None));
        await using var db = database.NewContext();
        Assert.Equal(
            [(new DateOnly(2025, 6, 1), 0.01), (new DateOnly(2025, 6, 2), 0.003)],
            (await db.DailySpend.OrderBy(d => d.Day).ToListAsync()).Select(d => (d.Day, d.CloudUsd)));
    }

    [Fact]
    public async Task A_failure_while_booking_the_ledger_leaves_the_turn_pending_and_the_dialogue_unspent()
    {
        await using var database = await TestDatabase.CreateAsync();
        var journal = database.Get<TurnJournal>();
        var turn = await journal.AcceptAsync(Turns.New("d", database.Time.GetUtcNow()), Turns.Budget, None);
        database.Logs.ExpectErrors();
        await database.ExecuteSqlAsync(
            "CREATE TRIGGER LedgerUnavailable BEFORE INSERT ON DailySpend BEGIN SELECT RAISE(ABORT, 'ledger unavailable'); END;");

        var error = await Assert.ThrowsAsync<DbUpdateException>(() => journal.CompleteAsync(turn.TurnId, Turns.Answered(), None));
        Assert.Contains("ledger unavailable", error.InnerException?.Message);

        await using var db = database.NewContext();
        Assert.Equal(TurnStatus.Pending, (await db.Turns.SingleAsync()).Status);
        var dialogue = await db.Dialogues.SingleAsync();
        Assert.Equal((0.0, 0.0), (dialogue.SpentLatencyS, dialogue.SpentUsageUsd));
    }

    [Fact]
    public async Task A_refusal_without_costs_books_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        var journal = database.Get<TurnJournal>();
        var turn = await journal.AcceptAsync(Turns.New("d", database.Time.GetUtcNow()), Turns.Budget, None);

        await journal.CompleteAsync(turn.TurnId, Turns.Refused("no action fits the budget"), None);

        await using var db = database.NewContext();
        Assert.Equal(TurnStatus.Refused, (await db.Turns.SingleAsync()).Status);
        Assert.Empty(await db.DailySpend.ToListAsync());
    }

    [Fact]
    public async Task Outcomes_that_cannot_be_booked_are_rejected()
    {
        await using var database = await TestDatabase.CreateAsync();
        var journal = database.Get<TurnJournal>();
        var turn = await journal.AcceptAsync(Turns.New("d", database.Time.GetUtcNow()), Turns.Budget, None);

        await Assert.ThrowsAsync<ArgumentException>(() => journal.CompleteAsync(turn.TurnId, Turns.Answered() with { Status = TurnStatus.Pending }, None));
        await Assert.ThrowsAsync<ArgumentException>(() => journal.CompleteAsync(turn.TurnId, Turns.Answered() with { Action = -1 }, None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => journal.CompleteAsync(turn.TurnId, Turns.Answered(latencyS: -1), None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => journal.CompleteAsync(turn.TurnId, Turns.Answered(usageUsd: double.NaN), None));
        await Assert.ThrowsAsync<InvalidOperationException>(() => journal.CompleteAsync(turn.TurnId + 1, Turns.Answered(), None));
    }
}
