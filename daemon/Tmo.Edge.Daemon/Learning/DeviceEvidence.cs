using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Tmo.Edge.Core.Runners;
using Tmo.Edge.Daemon.Cli;
using Tmo.Edge.Data.Journal;
using Tmo.Edge.Data.Records;
using Tmo.Edge.Policy.Dataset;

namespace Tmo.Edge.Daemon.Learning;

/// <summary>
/// What the device has learnt about its own answers: the journal's rated dialogues as M4A1 episodes
/// (<see cref="JournalDataset"/>), each on a side of the held-out split chosen by its dialogue id, so a dialogue stays
/// on its side across restarts and as more arrive. A dialogue the policy cannot read (a task outside its vocabulary,
/// a view beyond its X) is left out and counted.
/// </summary>
public sealed class DeviceEvidence(TurnJournal journal)
{
    public async Task<DeviceDialogues> ReadAsync(TaskVocabulary tasks, int modalityCount, double heldOutShare, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var rated = await journal.RatedDialoguesAsync(cancellationToken);
        var usable = rated.Where(d => Fits(d, tasks, modalityCount)).ToArray();
        var episodes = JournalDataset.Episodes(usable, modalityCount);
        var dialogues = usable.Zip(episodes, (record, episode) => new DeviceDialogue(record.Id, episode, IsHeldOut(record.Id, heldOutShare))).ToArray();
        return new DeviceDialogues(dialogues, rated.Count - usable.Length);
    }

    /// <summary>Held out when the dialogue id's SHA-256, read as a fraction of 2^64, is below the share: stable and uniform.</summary>
    internal static bool IsHeldOut(string dialogueId, double heldOutShare)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(dialogueId));
        return BinaryPrimitives.ReadUInt64BigEndian(hash) / 18446744073709551616.0 < heldOutShare;
    }

    private static bool Fits(DialogueRecord dialogue, TaskVocabulary tasks, int modalityCount) =>
        dialogue.Turns.All(t =>
            tasks.TryGetId(t.Task, out _) && t.Views.All(v => v >= 0 && v < modalityCount) && (t.Location == RunnerLocation.Cloud || t.Views.Count == 0));
}

/// <summary>One rated dialogue of the device and the side of the split it is on.</summary>
public sealed record DeviceDialogue(string DialogueId, DialogueEpisode Episode, bool HeldOut);

/// <summary>The device's rated dialogues the policy can learn from, and how many it could not read.</summary>
public sealed record DeviceDialogues(IReadOnlyList<DeviceDialogue> Dialogues, int Skipped)
{
    public int RatedTurns => Dialogues.Sum(d => d.Episode.Turns.Count(t => t.Scored));

    public int HeldOutDialogues => Dialogues.Count(d => d.HeldOut);
}
