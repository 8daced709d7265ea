using Microsoft.EntityFrameworkCore;
using Tmo.Edge.Core.Runners;
using Tmo.Edge.Core.Turns;
using Tmo.Edge.Daemon.Tests.Cli;
using Tmo.Edge.Data;
using Tmo.Edge.Data.Records;
using Tmo.Edge.Policy.Dataset;

namespace Tmo.Edge.Daemon.Tests.Learning;

/// <summary>Rated device dialogues written straight into a daemon's journal: M4A1 episodes replayed as answered and rated turns.</summary>
internal static class RatedJournal
{
    public static async Task AddAsync(IDbContextFactory<TmoEdgeDbContext> contexts, int dialogues, DateTimeOffset at)
    {
        var dataset = await M4A1Loader.LoadAsync(CliRun.DataPath);
        await using var db = await contexts.CreateDbContextAsync();
        foreach (var episode in dataset.Episodes.Take(dialogues))
        {
            var id = $"device-{episode.Id}";
            db.Dialogues.Add(new DialogueRecord
            {
                Id = id,
                StartedAt = at,
                LastActivityAt = at,
                LatencyBudgetS = 30,
                UsageBudgetUsd = 0.05,
                TurnCount = episode.Turns.Count,
                Turns = episode.Turns.Select((turn, t) => Turn(id, t + 1, turn, at)).ToList(),
            });
        }

        await db.SaveChangesAsync();
    }

    private static TurnRecord Turn(string dialogueId, int sequence, DialogueTurn turn, DateTimeOffset at) => new()
    {
        DialogueId = dialogueId,
        Sequence = sequence,
        ReceivedAt = at,
        Prompt = turn.Question,
        Task = turn.Task,
        Status = TurnStatus.Answered,
        Location = turn.Cloud ? RunnerLocation.Cloud : RunnerLocation.Local,
        Views = turn.Cloud ? [.. turn.UploadedViews] : [],
        LatencyMs = turn.InteractionTimeS * 1000,
        UsageUsd = turn.UsageUsd,
        ResponseText = turn.Answer,
        Score = Math.Clamp(turn.Score, 0, 1),
        AnsweredAt = at,
        PublishedAt = at,
    };
}
