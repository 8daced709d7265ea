using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tmo.Edge.Data.Connecting;
using Tmo.Edge.Data.Journal;

namespace Tmo.Edge.Data.Tests.Journal;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Two_writers_on_one_file_accept_200_turns_without_a_locking_error()
    {
        await using var database = await TestDatabase.CreateAsync();
        var journals = new[] { database.Get<TurnJournal>(), database.OpenProcess().GetRequiredService<TurnJournal>() };
        var now = database.Time.GetUtcNow();

        // Each writer accepts 100 turns, four at a time, spread over five dialogues shared with the other writer.
        var writers = journals.Select((journal, writer) => Task.Run(() => Parallel.ForAsync(0, 100,
            new ParallelOptions { MaxDegreeOfParallelism = 4 },
            async (i, ct) => await journal.AcceptAsync(
                Turns.New($"d{i % 5}", now.AddMilliseconds(i), requestId: $"w{writer}-{i}"), Turns.Budget, ct))));
        await Task.WhenAll(writers);

        await using var db = database.NewContext();
        Assert.Equal(200, await db.Turns.CountAsync());
        var sequences = await db.Turns.GroupBy(t => t.DialogueId)
            .Select(g => new { Dialogue = g.Key, Count = g.Count(), Max = g.Max(t => t.Sequence) })
            .ToListAsync();
        Assert.All(sequences, s => Assert.Equal((40, 40), (s.Count, s.Max)));
        Assert.All(await db.Dialogues.ToListAsync(), d => Assert.Equal(40, d.TurnCount));
    }

    [Fact]
    public async Task A_writer_waits_for_another_process_holding_the_write_lock_instead_of_failing()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var other = new SqliteConnection(SqliteDatabase.ConnectionString(database.DataDirectory));
        await other.OpenAsync();
        await using var held = await other.BeginTransactionAsync();

        // Microsoft.Data.Sqlite waits synchronously inside its async methods, so the writer needs a thread of its own.
        var journal = database.Get<TurnJournal>();
        var accept = Task.Run(() => journal.AcceptAsync(Turns.New("d", database.Time.GetUtcNow()), Turns.Budget, CancellationToken.None));
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.False(accept.IsCompleted);
        await held.CommitAsync();

        Assert.Equal(1, (await accept).Sequence);
    }
}
