using Microsoft.EntityFrameworkCore;
using Tmo.Edge.Core.Runners;
using Tmo.Edge.Core.Turns;
using Tmo.Edge.Data.Journal;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Data.Tests.Journal;

/// <summary>The outcome the daemon composes, through the journal's columns and back.</summary>
public sealed class StoredOutcomeTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory]
    [InlineData(RunnerLocation.Cloud, 1.25)]
    [InlineData(RunnerLocation.Local, 0.8)]
    [InlineData(RunnerLocation.Cloud, 6.2451)]
    public async Task An_outcome_written_through_the_journal_reads_back_with_its_location_and_latency(RunnerLocation location, double latencyS)
    {
        await using var database = await TestDatabase.CreateAsync();
        var journal = database.Get<TurnJournal>();
        var turn = await journal.AcceptAsync(Turns.New("d", database.Time.GetUtcNow()), Turns.Budget, None);
        var outcome = Turns.Answered(location, latencyS: latencyS);

        await journal.CompleteAsync(turn.TurnId, outcome, None);

        var record = Assert.Single(await journal.UnpublishedAsync(None));
        var restored = StoredOutcome.Restore(record, "fallback");
        Assert.Equal((location, latencyS * 1000), (record.Location, record.LatencyMs));
        Assert.Equal((location, latencyS), (restored.Location, restored.LatencyS));
        Assert.Equal((outcome.Action, outcome.Text, outcome.UsageUsd, outcome.EnergyJ), (restored.Action, restored.Text, restored.UsageUsd, restored.EnergyJ));
        Assert.Equal(outcome.Masked.Select(m => (m.Action, m.Reason)), restored.Masked.Select(m => (m.Action, m.Reason)));
    }

    [Fact]
    public async Task The_location_is_stored_as_the_lowercase_text_the_schema_always_held()
    {
        await using var database = await TestDatabase.CreateAsync();
        var journal = database.Get<TurnJournal>();
        var cloud = await journal.AcceptAsync(Turns.New("d", database.Time.GetUtcNow()), Turns.Budget, None);
        var local = await journal.AcceptAsync(Turns.New("d", database.Time.GetUtcNow()), Turns.Budget, None);
        var refused = await journal.AcceptAsync(Turns.New("d", database.Time.GetUtcNow()), Turns.Budget, None);

        await journal.CompleteAsync(cloud.TurnId, Turns.Answered(RunnerLocation.Cloud), None);
        await journal.CompleteAsync(local.TurnId, Turns.Answered(RunnerLocation.Local, latencyS: 0.8), None);
        await journal.CompleteAsync(refused.TurnId, Turns.Refused(), None);

        await using var db = database.NewContext();
        await db.Database.OpenConnectionAsync();
        await using var select = db.Database.GetDbConnection().CreateCommand();
        select.CommandText = """SELECT quote("Location") || ' ' || quote("LatencyMs") || ' ' || quote("Action") FROM "Turns" ORDER BY "Sequence" """;
        var rows = new List<string>();
        await using (var reader = await select.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows.Add(reader.GetString(0));
            }
        }

        Assert.Equal(["'cloud' 1500.0 3", "'local' 800.0 0", "NULL 0.0 NULL"], rows);
    }

    [Fact]
    public async Task An_unknown_stored_location_is_a_clear_error_when_read()
    {
        await using var database = await TestDatabase.CreateAsync();
        var journal = database.Get<TurnJournal>();
        var turn = await journal.AcceptAsync(Turns.New("d", database.Time.GetUtcNow()), Turns.Budget, None);
        await journal.CompleteAsync(turn.TurnId, Turns.Answered(), None);
        await database.ExecuteSqlAsync("""UPDATE "Turns" SET "Location" = 'moon'""");
        database.Logs.ExpectErrors();

        await using var db = database.NewContext();
        var error = await Assert.ThrowsAsync<FormatException>(() => db.Turns.SingleAsync());

        Assert.Equal("Location 'moon' is neither 'local' nor 'cloud'.", error.Message);
    }

    [Fact]
    public void A_refusal_is_stored_without_action_or_location()
    {
        var refused = Turns.Refused();

        Assert.Equal((null, null), (StoredOutcome.Action(refused), refused.Location));
        Assert.Equal(0, StoredOutcome.LatencyMs(refused));
    }

    [Theory]
    [InlineData(TurnStatus.Answered)]
    [InlineData(TurnStatus.Refused)]
    [InlineData(TurnStatus.Failed)]
    public void Each_status_is_restored(TurnStatus status) =>
        Assert.Equal(status, StoredOutcome.Restore(Record(Turns.Answered() with { Status = status }), "fallback").Status);

    [Fact]
    public void A_record_from_before_policy_versions_were_kept_is_restored_with_the_current_version()
    {
        var record = Record(Turns.Answered());
        record.PolicyVersion = null;

        Assert.Equal("current", StoredOutcome.Restore(record, "current").PolicyVersion);
    }

    private static TurnRecord Record(TurnOutcome outcome) => new()
    {
        DialogueId = "d",
        Prompt = "What is in front of me?",
        Task = "scene",
        Status = outcome.Status,
        Action = StoredOutcome.Action(outcome),
        Location = outcome.Location,
        LatencyMs = StoredOutcome.LatencyMs(outcome),
        PolicyVersion = outcome.PolicyVersion,
    };
}
