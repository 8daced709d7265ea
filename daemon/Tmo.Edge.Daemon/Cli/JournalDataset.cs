using Tmo.Edge.Core.Runners;
using Tmo.Edge.Data.Journal;
using Tmo.Edge.Data.Records;
using Tmo.Edge.Policy.Dataset;

namespace Tmo.Edge.Daemon.Cli;

/// <summary>
/// The journal's rated dialogues as M4A1 episodes (docs/policy.md, "Learning on the device"): prompt, task, where the
/// answer ran and the views it uploaded, the answer, its rating (null for the unrated history turns), the measured
/// latency and usage. Episodes are numbered in the order given; task names are kept as recorded (the loader takes any
/// task, and a set it has not seen widens the vocabulary of what trains on it). The journal does not measure how well
/// each view matches a prompt, so every association score is 0: a device dialogue's reward is its response score,
/// latency and usage alone. Each shadow answer follows as a dialogue of its own, as DeviceDataset builds them: the
/// played turns before it as unrated history, then the shadowed turn's prompt and task with the shadow's action, answer,
/// rating and costs, so the estimator sees both actions for one state.
/// </summary>
internal static class JournalDataset
{
    public static IReadOnlyList<DialogueEpisode> Episodes(IReadOnlyList<DialogueRecord> dialogues, IReadOnlyList<ShadowedTurn> shadows, int modalityCount)
    {
        ArgumentNullException.ThrowIfNull(dialogues);
        ArgumentNullException.ThrowIfNull(shadows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(modalityCount);
        var played = dialogues.Select(dialogue => dialogue.Turns.Select(turn => Turn(dialogue.Id, turn, modalityCount)).ToArray());
        var shadowed = shadows.Select(shadowed => Shadowed(shadowed, modalityCount));
        return played.Concat(shadowed)
            .Select((turns, id) => new DialogueEpisode(id, [], turns, turns.Select(_ => new double[modalityCount]).ToArray()))
            .ToArray();
    }

    private static DialogueTurn[] Shadowed(ShadowedTurn shadowed, int modalityCount)
    {
        var (shadow, played) = (shadowed.Shadow, shadowed.Played);
        var history = played.Take(played.Count - 1).Select(turn => Turn(shadow.DialogueId, turn, modalityCount) with { Score = 0, Scored = false });
        var state = Turn(shadow.DialogueId, played[^1], modalityCount);
        CheckViews(shadow.DialogueId, shadow.Sequence, shadow.Location, shadow.Views, modalityCount);
        return [.. history, state with
        {
            Cloud = shadow.Location == RunnerLocation.Cloud,
            UploadedViews = shadow.Views,
            Answer = shadow.ResponseText,
            Score = shadow.Score,
            InteractionTimeS = shadow.LatencyMs / 1000,
            UsageUsd = shadow.UsageUsd,
            Scored = true,
        }];
    }

    /// <summary>Whether X = <paramref name="modalityCount"/> views can hold what a turn uploaded: only the cloud uploads.</summary>
    public static bool ViewsFit(RunnerLocation? location, IReadOnlyList<int> views, int modalityCount) =>
        views.All(v => v >= 0 && v < modalityCount) && (location == RunnerLocation.Cloud || views.Count == 0);

    private static void CheckViews(string dialogueId, int sequence, RunnerLocation? location, List<int> views, int modalityCount)
    {
        var cloud = location == RunnerLocation.Cloud;
        if (!ViewsFit(location, views, modalityCount))
        {
            throw new FormatException(
                $"Turn {sequence} of dialogue '{dialogueId}' uploaded views [{string.Join(", ", views)}] " +
                $"{(cloud ? string.Empty : "from a local answer ")}which X = {modalityCount} views cannot hold; give --views as the device's policy has them.");
        }
    }

    private static DialogueTurn Turn(string dialogueId, TurnRecord turn, int modalityCount)
    {
        CheckViews(dialogueId, turn.Sequence, turn.Location, turn.Views, modalityCount);
        var cloud = turn.Location == RunnerLocation.Cloud;
        return new DialogueTurn(
            turn.Prompt,
            turn.Task,
            cloud,
            turn.Views,
            turn.ResponseText ?? string.Empty,
            turn.Score ?? 0,
            StoredOutcome.LatencyS(turn),
            turn.UsageUsd ?? 0)
        {
            Scored = turn.Score is not null,
        };
    }
}
