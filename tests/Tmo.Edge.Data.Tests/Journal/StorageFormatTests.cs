using Microsoft.Data.Sqlite;
using Tmo.Edge.Core.Turns;
using Tmo.Edge.Data.Connecting;
using Tmo.Edge.Data.Journal;
using Tmo.Edge.Data.Records;
using Tmo.Edge.Policy.Decisions;

namespace Tmo.Edge.Data.Tests.Journal;

/// <summary>The journal writes with plain SQL; what it stores must be exactly what EF would store for the same values.</summary>
public sealed class StorageFormatTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Rows_the_journal_writes_are_byte_for_byte_those_EF_writes()
    {
        await using var database = await TestDatabase.CreateAsync();
        var journal = database.Get<TurnJournal>();
        var now = database.Time.GetUtcNow();
        var outcome = Turns.Answered() with
        {
            Views = [0, 2, 7],
            Probabilities = [0.1f, 1f / 3, 1e-9f, 12345678f, float.Epsilon, 0f],
            Masked = [new MaskedDecision(1, MaskReason.LatencyBudget, "Latency\"Budget é ✓"), new MaskedDecision(2, MaskReason.UsageBudget, "<usage> & \\ \n")],
            Error = "none",
        };

        var answered = await journal.AcceptAsync(Turns.New("journal", now, requestId: "r-1"), Turns.Budget, None);
        await journal.CompleteAsync(answered.TurnId, outcome, None);
        await journal.MarkPublishedAsync(answered.TurnId, None);
        await journal.AcceptAsync(Turns.New("journal", now, prompt: "pending") with { TaskInferred = true }, Turns.Budget, None);

        await using (var db = database.NewContext())
        {
            db.Dialogues.Add(new DialogueRecord
            {
                Id = "ef",
                StartedAt = now,
                LastActivityAt = now,
                LatencyBudgetS = Turns.Budget.LatencyS,
                UsageBudgetUsd = Turns.Budget.UsageUsd,
                SpentLatencyS = outcome.LatencyS,
                SpentUsageUsd = outcome.UsageUsd,
                TurnCount = 2,
            });
            db.Turns.Add(new TurnRecord
            {
                DialogueId = "ef",
                Sequence = 1,
                RequestId = "r-1",
                ReceivedAt = now,
                Prompt = "What is in front of me?",
                Task = "scene",
                Status = outcome.Status,
                Action = outcome.Action,
                Location = outcome.Location,
                Views = [.. outcome.Views],
                Probabilities = [.. outcome.Probabilities],
                Masked = [.. outcome.Masked.Select(m => new MaskedActionRecord(m.Action, m.Reason))],
                LatencyMs = outcome.LatencyS * 1000,
                UsageUsd = outcome.UsageUsd,
                EnergyJ = outcome.EnergyJ,
                ResponseText = outcome.Text,
                PolicyVersion = outcome.PolicyVersion,
                Error = outcome.Error,
                AnsweredAt = now,
                PublishedAt = now,
            });
            db.Turns.Add(new TurnRecord
            {
                DialogueId = "ef",
                Sequence = 2,
                ReceivedAt = now,
                Prompt = "pending",
                Task = "scene",
                TaskInferred = true,
                Status = TurnStatus.Pending,
            });
            await db.SaveChangesAsync();
        }

        await using var connection = new SqliteConnection(SqliteDatabase.ConnectionString(database.DataDirectory));
        await connection.OpenAsync();
        var turns = await QuotedRowsAsync(connection, "Turns", "DialogueId", "Sequence");
        var dialogues = await QuotedRowsAsync(connection, "Dialogues", "Id");
        Assert.Equal(turns["'ef'|1"], turns["'journal'|1"]);
        Assert.Equal(turns["'ef'|2"], turns["'journal'|2"]);
        Assert.Equal(dialogues["'ef'"], dialogues["'journal'"]);
        Assert.Contains(@"""Reason"":""Latency\u0022Budget \u00E9 \u2713""", turns["'journal'|1"]);
    }

    /// <summary>Every row as its SQL literals (quote() shows the storage class too), keyed by its key columns, the id and key left out.</summary>
    private static async Task<Dictionary<string, string>> QuotedRowsAsync(SqliteConnection connection, string table, params string[] keys)
    {
        var columns = new List<string>();
        await using (var info = connection.CreateCommand())
        {
            info.CommandText = $"SELECT name FROM pragma_table_info('{table}')";
            await using var reader = await info.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                columns.Add(reader.GetString(0));
            }
        }

        var values = columns.Where(c => c != "Id" && !keys.Contains(c)).Select(c => $"quote(\"{c}\")");
        await using var select = connection.CreateCommand();
        select.CommandText = $"SELECT {string.Join(" || '|' || ", keys.Select(k => $"quote(\"{k}\")"))}, {string.Join(" || ', ' || ", values)} FROM \"{table}\"";
        await using var rows = await select.ExecuteReaderAsync();
        var result = new Dictionary<string, string>();
        while (await rows.ReadAsync())
        {
            result[rows.GetString(0)] = rows.GetString(1);
        }

        return result;
    }
}
