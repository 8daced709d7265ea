using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tmo.Edge.Data.Auditing;
using Tmo.Edge.Data.Journal;
using Tmo.Edge.Data.Migrating;
using Tmo.Edge.Data.Retention;
using Tmo.Edge.Data.Telemetry;

namespace Tmo.Edge.Data.Tests.Retention;

public sealed class RetentionServiceTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_sweep_deletes_only_what_is_older_than_the_retention_period()
    {
        await using var database = await TestDatabase.CreateAsync();
        var start = database.Time.GetUtcNow();
        await WriteEverythingAsync(database, "old");
        database.Time.Advance(TimeSpan.FromDays(20));
        await WriteEverythingAsync(database, "recent");
        database.Time.Advance(TimeSpan.FromDays(10) + TimeSpan.FromSeconds(1));

        var sweep = await Service(database).SweepAsync(None);

        Assert.Equal(new RetentionSweep(start.AddSeconds(1), Dialogues: 1, Turns: 2, TelemetrySamples: 1, AuditEntries: 1), sweep);
        await using var db = database.NewContext();
        Assert.Equal(["recent"], await db.Dialogues.Select(d => d.Id).ToListAsync());
        Assert.Equal(2, await db.Turns.CountAsync(t => t.DialogueId == "recent"));
        Assert.Equal(1, await db.TelemetrySamples.CountAsync());
        Assert.Equal(["recent"], await db.AuditLog.Select(a => a.Detail).ToListAsync());
        Assert.Equal(2, await db.DailySpend.CountAsync()); // Money is never swept: both days stay in the ledger.
    }

    [Fact]
    public async Task A_dialogue_with_recent_activity_keeps_its_old_turns()
    {
        await using var database = await TestDatabase.CreateAsync();
        var journal = database.Get<TurnJournal>();
        await journal.AcceptAsync(Turns.New("d", database.Time.GetUtcNow()), Turns.Budget, None);
        database.Time.Advance(TimeSpan.FromDays(29));
        await journal.AcceptAsync(Turns.New("d", database.Time.GetUtcNow()), Turns.Budget, None);
        database.Time.Advance(TimeSpan.FromDays(2));

        var sweep = await Service(database).SweepAsync(None);

        Assert.Equal((0, 0), (sweep.Dialogues, sweep.Turns));
        await using var db = database.NewContext();
        Assert.Equal(2, await db.Turns.CountAsync());
    }

    [Fact]
    public async Task A_dialogue_with_a_turn_still_in_flight_is_kept_however_old_it_looks()
    {
        await using var database = await TestDatabase.CreateAsync();
        var journal = database.Get<TurnJournal>();
        await journal.AcceptAsync(Turns.New("pending", database.Time.GetUtcNow()), Turns.Budget, None);
        var unpublished = await journal.AcceptAsync(Turns.New("unpublished", database.Time.GetUtcNow()), Turns.Budget, None);
        await journal.CompleteAsync(unpublished.TurnId, Turns.Answered(), None);
        await WriteEverythingAsync(database, "finished");

        // The wall clock steps a year forward (NTP after a boot with the RTC behind) while those two are in flight.
        database.Time.Advance(TimeSpan.FromDays(365));
        var sweep = await Service(database).SweepAsync(None);

        Assert.Equal((1, 2), (sweep.Dialogues, sweep.Turns));
        await using var db = database.NewContext();
        Assert.Equal(["pending", "unpublished"], await db.Dialogues.OrderBy(d => d.Id).Select(d => d.Id).ToListAsync());
        Assert.Equal(2, await db.Turns.CountAsync());
    }

    [Fact]
    public async Task The_service_sweeps_at_start_and_then_every_interval()
    {
        await using var database = await TestDatabase.CreateAsync();
        var service = Service(database);
        await service.StartAsync(None);
        try
        {
            await WaitForSweepsAsync(database, 1);
            await WriteEverythingAsync(database, "old");
            Assert.Equal(1, await CountDialoguesAsync(database));

            database.Time.Advance(TimeSpan.FromDays(31));
            await WaitForSweepsAsync(database, 2);
            Assert.Equal(0, await CountDialoguesAsync(database));
        }
        finally
        {
            await service.StopAsync(None);
        }
    }

    [Fact]
    public async Task A_failed_sweep_is_logged_and_the_next_one_still_runs()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: false);
        database.Logs.ExpectErrors();
        var service = Service(database);
        await service.StartAsync(None);
        try
        {
            await WaitForAsync(() => database.Logs.Entries.Any(e => e.Level == LogLevel.Error), "the failed sweep's error");
            Assert.False(service.ExecuteTask!.IsCompleted);

            await database.Get<DatabaseMigrator>().MigrateAsync(None);
            database.Time.Advance(TimeSpan.FromHours(1));
            await WaitForSweepsAsync(database, 1);
        }
        finally
        {
            await service.StopAsync(None);
        }
    }

    private static RetentionService Service(TestDatabase database) =>
        ActivatorUtilities.CreateInstance<RetentionService>(database.Services);

    private static async Task WriteEverythingAsync(TestDatabase database, string label)
    {
        var now = database.Time.GetUtcNow();
        var journal = database.Get<TurnJournal>();
        for (var i = 0; i < 2; i++)
        {
            var turn = await journal.AcceptAsync(Turns.New(label, now), Turns.Budget, None);
            await journal.CompleteAsync(turn.TurnId, Turns.Answered(), None);
            await journal.MarkPublishedAsync(turn.TurnId, None);
        }

        await database.Get<TelemetryStore>().AppendAsync([("power_w", 7.5)], now, None);
        await database.Get<AuditLog>().WriteAsync("admin", "test", label, None);
    }

    private static async Task<int> CountDialoguesAsync(TestDatabase database)
    {
        await using var db = database.NewContext();
        return await db.Dialogues.CountAsync();
    }

    private static Task WaitForSweepsAsync(TestDatabase database, int count) => WaitForAsync(
        () => database.Logs.Entries.Count(e => e.Message.StartsWith("Retention sweep before", StringComparison.Ordinal)) >= count,
        $"{count} retention sweeps");

    // The service runs on its own thread; poll real time briefly for what it logs.
    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        for (var waited = TimeSpan.Zero; !condition(); waited += TimeSpan.FromMilliseconds(20))
        {
            Assert.True(waited < TimeSpan.FromSeconds(10), $"Timed out waiting for {what}.");
            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }
    }
}
