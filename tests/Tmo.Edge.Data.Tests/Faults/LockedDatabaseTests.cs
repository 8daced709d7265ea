using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Tmo.Edge.Data.Journal;

namespace Tmo.Edge.Data.Tests.Faults;

/// <summary>
/// The journal while a real second process (the sqlite3 shell) holds the file's write lock: a short hold only delays
/// the write (busy_timeout), a hold past Tmo:Storage:LockTimeoutSeconds refuses the batch whole and says why, and the next write after
/// the release commits.
/// </summary>
public sealed class LockedDatabaseTests
{
    private const int SqliteBusy = 5;

    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_lock_held_shorter_than_the_busy_timeout_only_delays_the_write()
    {
        await using var database = await TestDatabase.CreateAsync();
        var journal = database.Get<TurnJournal>();
        Task<AcceptedTurn> accepted;

        await using (var holder = await SqliteLockHolder.TakeAsync(database.DatabasePath))
        {
            accepted = journal.AcceptAsync(Turns.New("short", database.Time.GetUtcNow(), requestId: "r-1"), Turns.Budget, None);
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            Assert.False(accepted.IsCompleted, "The write went through while another process held the lock.");
            await holder.ReleaseAsync();
        }

        Assert.Equal(1, (await accepted).Sequence);
        Assert.Equal(0, journal.Health.FailedBatches);
        await using var db = database.NewContext();
        Assert.Single(await db.Turns.ToListAsync());
    }

    [Fact]
    public async Task A_lock_held_past_the_lock_timeout_refuses_the_write_and_the_next_one_after_release_commits()
    {
        await using var database = await TestDatabase.CreateAsync(storage: new Dictionary<string, string?> { ["LockTimeoutSeconds"] = "5" });
        var journal = database.Get<TurnJournal>();
        var turn = Turns.New("long", database.Time.GetUtcNow(), requestId: "r-1");

        await using (var holder = await SqliteLockHolder.TakeAsync(database.DatabasePath))
        {
            var waited = System.Diagnostics.Stopwatch.StartNew();
            var refused = await Assert.ThrowsAnyAsync<Exception>(() => journal.AcceptAsync(turn, Turns.Budget, None));

            Assert.InRange(waited.Elapsed, TimeSpan.FromSeconds(4.5), TimeSpan.FromSeconds(20));

            var sqlite = Assert.IsType<SqliteException>(refused as SqliteException ?? refused.InnerException);
            Assert.Equal(SqliteBusy, sqlite.SqliteErrorCode);
            Assert.False(journal.Health.IsHealthy);
            Assert.Contains("locked", journal.Health.LastError, StringComparison.Ordinal);
            await holder.ReleaseAsync();
        }

        var accepted = await journal.AcceptAsync(turn, Turns.Budget, None);

        Assert.Equal((1, false), (accepted.Sequence, accepted.Duplicate));
        Assert.False(journal.Health.IsHealthy, "A fault this recent must still show in the next health report.");
        database.Time.Advance(JournalHealth.HoldFor);
        Assert.True(journal.Health.IsHealthy);
        await using var db = database.NewContext();
        Assert.Single(await db.Turns.ToListAsync());
    }
}
