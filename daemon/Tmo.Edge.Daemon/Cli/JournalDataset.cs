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
/// latency and usage alone.
/// </summary>
internal static class JournalDataset
{
    public static IReadOnlyList<DialogueEpisode> Episodes(IReadOnlyList<DialogueRecord> dialogues, int modalityCount)
    {
        ArgumentNullException.ThrowIfNull(dialogues);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(modalityCount);
        return dialogues.Select((dialogue, id) => new DialogueEpisode(
            id,
            [],
            dialogue.Turns.Select(turn => Turn(dialogue.Id, turn, modalityCount)).ToArray(),
            dialogue.Turns.Select(_ => new double[modalityCount]).ToArray())).ToArray();
    }

    private static DialogueTurn Turn(string dialogueId, TurnRecord turn, int modalityCount)
    {
        var cloud = turn.Location == RunnerLocation.Cloud;
        if (turn.Views.Any(v => v < 0 || v >= modalityCount) || (!cloud && turn.Views.Count != 0))
        {
            throw new FormatException(
                $"Turn {turn.Sequence} of dialogue '{dialogueId}' uploaded views [{string.Join(", ", turn.Views)}] " +
                $"{(cloud ? string.Empty : "from a local answer ")}which X = {modalityCount} views cannot hold; give --views as the device's policy has them.");
        }

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
