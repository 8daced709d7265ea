using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tmo.Edge.Console.History;
using Tmo.Edge.Core.Runners;
using Tmo.Edge.Core.Turns;
using Tmo.Edge.Data;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Console.Tests;

public sealed class DecisionHistoryTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 28, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Each_filter_narrows_the_turns_in_sqlite()
    {
        await using var database = await ConsoleDatabase.CreateAsync();
        var history = await SeededAsync(database);

        Assert.Equal(6, await CountAsync(history, new DecisionFilter()));
        Assert.Equal(2, await CountAsync(history, new DecisionFilter { Action = 0 }));
        Assert.Equal(3, await CountAsync(history, new DecisionFilter { Location = RunnerLocation.Cloud }));
        Assert.Equal(1, await CountAsync(history, new DecisionFilter { ErrorsOnly = true }));
        Assert.Equal(3, await CountAsync(history, new DecisionFilter { Dialogue = "garage" }));
        Assert.Equal(1, await CountAsync(history, new DecisionFilter { Task = "Caption" }));
        Assert.Equal(2, await CountAsync(history, new DecisionFilter { From = Start.AddMinutes(4) }));
        Assert.Equal(2, await CountAsync(history, new DecisionFilter { To = Start.AddMinutes(1) }));
        Assert.Equal(1, await CountAsync(history, new DecisionFilter { Text = "answer 3" }));
        Assert.Equal(1, await CountAsync(history, new DecisionFilter { Location = RunnerLocation.Cloud, Dialogue = "garage", To = Start.AddMinutes(3) }));
    }

    [Fact]
    public async Task Pages_are_cut_after_sorting_with_the_id_breaking_ties()
    {
        await using var database = await ConsoleDatabase.CreateAsync();
        var history = await SeededAsync(database);

        var (first, total) = await history.PageAsync(new DecisionFilter(), DecisionSort.LatencyMs, descending: true, page: 0, pageSize: 4, CancellationToken.None);
        var (second, _) = await history.PageAsync(new DecisionFilter(), DecisionSort.LatencyMs, descending: true, page: 1, pageSize: 4, CancellationToken.None);

        Assert.Equal(6, total);
        Assert.Equal([5000, 4000, 3000, 2000], first.Select(r => r.LatencyMs));
        Assert.Equal([1000, null], second.Select(r => r.LatencyMs));
    }

    private static async Task<int> CountAsync(DecisionHistory history, DecisionFilter filter) =>
        (await history.PageAsync(filter, DecisionSort.ReceivedAt, descending: true, page: 0, pageSize: 100, CancellationToken.None)).Total;

    /// <summary>Six turns a minute apart: kitchen (local, cloud, refused) then garage (cloud, local, cloud).</summary>
    private static async Task<DecisionHistory> SeededAsync(ConsoleDatabase database)
    {
        var contexts = database.Services.GetRequiredService<IDbContextFactory<TmoEdgeDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        (string Dialogue, int Action, RunnerLocation? Location, double? LatencyMs, string Task)[] turns =
        [
            ("kitchen-1", 0, RunnerLocation.Local, 1000, "Query"),
            ("kitchen-1", 5, RunnerLocation.Cloud, 5000, "Query"),
            ("kitchen-1", -1, null, null, "Caption"),
            ("garage-2", 1, RunnerLocation.Cloud, 2000, "Query"),
            ("garage-2", 0, RunnerLocation.Local, 3000, "Query"),
            ("garage-2", 3, RunnerLocation.Cloud, 4000, "Query"),
        ];
        foreach (var group in turns.Select((t, i) => (t, i)).GroupBy(x => x.t.Dialogue))
        {
            db.Dialogues.Add(new DialogueRecord
            {
                Id = group.Key,
                StartedAt = Start,
                LastActivityAt = Start,
                Turns = group.Select((x, sequence) => new TurnRecord
                {
                    DialogueId = group.Key,
                    Sequence = sequence + 1,
                    ReceivedAt = Start.AddMinutes(x.i),
                    Prompt = $"prompt {x.i}",
                    Task = x.t.Task,
                    Status = x.t.Action < 0 ? TurnStatus.Refused : TurnStatus.Answered,
                    Action = x.t.Action,
                    Location = x.t.Location,
                    LatencyMs = x.t.LatencyMs,
                    ResponseText = x.t.Action < 0 ? null : $"answer {x.i}",
                    Error = x.t.Action < 0 ? "no action fits the remaining budget" : null,
                }).ToList(),
            });
        }

        await db.SaveChangesAsync();
        return new DecisionHistory(contexts);
    }
}
