using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tmo.Edge.Core.Runners;
using Tmo.Edge.Daemon.Decisions;
using Tmo.Edge.Daemon.Learning;
using Tmo.Edge.Daemon.Tests.EndToEnd;
using Tmo.Edge.Data;
using Tmo.Edge.Data.Journal;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Daemon.Tests.Learning;

/// <summary>
/// The held-out split is a function of the dialogue id: the same dialogues are held out after a restart, whatever their
/// order. Shadow answers join their dialogue, on its side of the split.
/// </summary>
public sealed class DeviceEvidenceTests
{
    [Fact]
    public void A_dialogue_is_on_the_same_side_of_the_split_every_time_and_the_share_is_near_the_configured_one()
    {
        var ids = Enumerable.Range(0, 4000).Select(i => $"kitchen-{i}").ToArray();

        var first = ids.Select(id => DeviceEvidence.IsHeldOut(id, 0.25)).ToArray();
        var again = ids.Reverse().Select(id => DeviceEvidence.IsHeldOut(id, 0.25)).Reverse().ToArray();

        Assert.Equal(first, again);
        Assert.InRange(first.Count(h => h) / (double)ids.Length, 0.23, 0.27);
    }

    [Fact]
    public void A_larger_share_only_adds_dialogues_to_the_held_out_side()
    {
        var ids = Enumerable.Range(0, 500).Select(i => $"d{i}").ToArray();

        var quarter = ids.Where(id => DeviceEvidence.IsHeldOut(id, 0.25)).ToHashSet();
        var half = ids.Where(id => DeviceEvidence.IsHeldOut(id, 0.5)).ToHashSet();

        Assert.Subset(half, quarter);
    }

    [Fact]
    public async Task A_stored_shadow_answer_joins_its_dialogue_as_the_other_sides_action_for_the_same_state_and_counts_as_rated()
    {
        await using var daemon = await DaemonHost.StartAsync(new Dictionary<string, string?> { ["Tmo:Learning:Enabled"] = "false" });
        var contexts = daemon.Services.GetRequiredService<IDbContextFactory<TmoEdgeDbContext>>();
        var answeredAt = daemon.Time.GetUtcNow().AddMinutes(-5);
        await RatedJournal.AddAsync(contexts, dialogues: 3, answeredAt);
        await using (var db = await contexts.CreateDbContextAsync())
        {
            var played = await db.Turns.SingleAsync(t => t.DialogueId == "device-1" && t.Sequence == 2);
            await daemon.Services.GetRequiredService<ShadowAnswerStore>().AddAsync(
                new ShadowAnswerRecord
                {
                    DialogueId = "device-1",
                    Sequence = 2,
                    Action = played.Location == RunnerLocation.Cloud ? 0 : 7,
                    Location = played.Location == RunnerLocation.Cloud ? RunnerLocation.Local : RunnerLocation.Cloud,
                    Views = played.Location == RunnerLocation.Cloud ? [] : [0, 1, 2],
                    ResponseText = "the other side's answer",
                    LatencyMs = 1500,
                    UsageUsd = played.Location == RunnerLocation.Cloud ? 0 : 0.002,
                    Score = 0.9,
                    CreatedAt = daemon.Time.GetUtcNow(),
                },
                CancellationToken.None);
        }

        var policy = daemon.Services.GetRequiredService<PolicyInForce>().Current;
        var evidence = await daemon.Services.GetRequiredService<DeviceEvidence>()
            .ReadAsync(policy.Scenario.Tasks, policy.Scenario.ModalityCount, 0.25, CancellationToken.None);

        var dialogue = Assert.Single(evidence.Dialogues, d => d.DialogueId == "device-1");
        var shadow = Assert.Single(dialogue.Shadows);
        Assert.All(evidence.Dialogues.Where(d => d.DialogueId != "device-1"), d => Assert.Empty(d.Shadows));
        Assert.Equal(2, shadow.Turns.Count);
        Assert.False(shadow.Turns[0].Scored);
        Assert.Equal(dialogue.Episode.Turns[1].Question, shadow.Turns[1].Question);
        Assert.NotEqual(dialogue.Episode.Turns[1].Cloud, shadow.Turns[1].Cloud);
        Assert.Equal((0.9, "the other side's answer"), (shadow.Turns[1].Score, shadow.Turns[1].Answer));
        var ratedPlayed = evidence.Dialogues.Sum(d => d.Episode.Turns.Count(t => t.Scored));
        Assert.Equal(ratedPlayed + 1, evidence.RatedTurns);
        Assert.Equal(ratedPlayed + 1, evidence.RatedTurnsSince(null));
        Assert.Equal(1, evidence.RatedTurnsSince(answeredAt));
    }
}
