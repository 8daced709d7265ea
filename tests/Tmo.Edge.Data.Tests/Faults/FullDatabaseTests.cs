using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Tmo.Edge.Core.Turns;
using Tmo.Edge.Data.Journal;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Data.Tests.Faults;

/// <summary>
/// The journal on a file that reached its size cap (Tmo:Storage:MaxDatabaseMB, SQLite's max_page_count): a refused
/// batch leaves no trace, says why, and the journal writes again as soon as pages are freed.
/// </summary>
public sealed class FullDatabaseTests
{
    private const int SqliteFull = 13;
    private const int MaxDatabaseMB = 1;

    private static readonly CancellationToken None = CancellationToken.None;

    // Longer than a page, so recording it needs new pages whatever room the tables' own pages have left.
    private static readonly string Long = new('x', 20_000);

    [Fact]
    public async Task A_turn_refused_by_a_full_database_leaves_no_row_and_is_recorded_once_pages_are_freed()
    {
        await using var database = await CappedDatabaseAsync();
        var journal = database.Get<TurnJournal>();
        var now = database.Time.GetUtcNow();
        await DatabaseBallast.FillAsync(database.DatabasePath, MaxDatabaseMB);

        var refused = await Assert.ThrowsAsync<DbUpdateException>(
            () => journal.AcceptAsync(Turns.New("full", now, requestId: "r-1", prompt: Long), Turns.Budget, None));

        Assert.Equal(SqliteFull, Assert.IsType<SqliteException>(refused.InnerException).SqliteErrorCode);
        Assert.False(journal.Health.IsHealthy);
        Assert.Contains("full", journal.Health.LastError, StringComparison.Ordinal);
        Assert.Equal(1, journal.Health.FailedBatches);
        await using (var db = database.NewContext())
        {
            Assert.Empty(await db.Turns.ToListAsync());
            Assert.Empty(await db.Dialogues.ToListAsync());
        }

        database.Time.Advance(JournalHealth.HoldFor);
        Assert.False(journal.Health.IsHealthy, "Nothing has committed since the failure.");

        await DatabaseBallast.FreeAsync(database.DatabasePath);
        var accepted = await journal.AcceptAsync(Turns.New("full", now, requestId: "r-1", prompt: Long), Turns.Budget, None);

        Assert.Equal((1, false), (accepted.Sequence, accepted.Duplicate));
        Assert.True(journal.Health.IsHealthy, "Past the hold, the commit makes storage healthy again.");
        Assert.Null(journal.Health.LastError);
        await using (var db = database.NewContext())
        {
            Assert.Single(await db.Turns.ToListAsync());
        }
    }

    [Fact]
    public async Task An_outcome_refused_by_a_full_database_books_no_spend_and_a_retry_after_freeing_books_it_once()
    {
        await using var database = await CappedDatabaseAsync();
        var journal = database.Get<TurnJournal>();
        var turn = await journal.AcceptAsync(Turns.New("spend", database.Time.GetUtcNow(), requestId: "r-1"), Turns.Budget, None);
        await DatabaseBallast.FillAsync(database.DatabasePath, MaxDatabaseMB);
        var outcome = Turns.Answered(usageUsd: 0.004) with { Text = Long };

        await Assert.ThrowsAsync<DbUpdateException>(() => journal.CompleteAsync(turn.TurnId, outcome, None));

        await using (var db = database.NewContext())
        {
            Assert.Equal(TurnStatus.Pending, (await db.Turns.SingleAsync()).Status);
            Assert.Equal(0, (await db.Dialogues.SingleAsync()).SpentUsageUsd);
            Assert.Empty(await db.DailySpend.ToListAsync());
        }

        await DatabaseBallast.FreeAsync(database.DatabasePath);
        await journal.CompleteAsync(turn.TurnId, outcome, None);
        await journal.CompleteAsync(turn.TurnId, outcome, None);

        await using (var db = database.NewContext())
        {
            Assert.Equal(TurnStatus.Answered, (await db.Turns.SingleAsync()).Status);
            Assert.Equal(0.004, (await db.Dialogues.SingleAsync()).SpentUsageUsd, 9);
            Assert.Equal(0.004, (await db.DailySpend.SingleAsync()).CloudUsd, 9);
        }
    }

    [Fact]
    public async Task The_size_cap_applies_to_every_connection_the_data_layer_opens()
    {
        await using var database = await CappedDatabaseAsync();
        await using var db = database.NewContext();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();

        command.CommandText = "SELECT (SELECT max_page_count FROM pragma_max_page_count()) * (SELECT page_size FROM pragma_page_size())";

        Assert.Equal(MaxDatabaseMB * 1024L * 1024, Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
    }

    private static Task<TestDatabase> CappedDatabaseAsync() =>
        TestDatabase.CreateAsync(storage: new Dictionary<string, string?> { ["MaxDatabaseMB"] = MaxDatabaseMB.ToString(System.Globalization.CultureInfo.InvariantCulture) });
}
