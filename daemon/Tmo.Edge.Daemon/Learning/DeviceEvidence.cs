using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Tmo.Edge.Daemon.Cli;
using Tmo.Edge.Data.Journal;
using Tmo.Edge.Data.Records;
using Tmo.Edge.Policy.Dataset;

namespace Tmo.Edge.Daemon.Learning;

/// <summary>
/// What the device has learnt about its own answers: the journal's rated dialogues as M4A1 episodes
/// (<see cref="JournalDataset"/>), each with its shadow answers (a dialogue of their own each, the other side's action
/// for one of its states), each on a side of the held-out split chosen by its dialogue id, so a dialogue stays on its
/// side across restarts and as more arrive. A dialogue the policy cannot read (a task outside its vocabulary, a view
/// beyond its X) is left out and counted, and so is a shadow whose dialogue is not among the rated ones (its own
/// turn's rating was dropped): it has no played dialogue to go with.
/// </summary>
public sealed class DeviceEvidence(TurnJournal journal, ShadowAnswerStore shadowAnswers)
{
    public async Task<DeviceDialogues> ReadAsync(TaskVocabulary tasks, int modalityCount, double heldOutShare, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var rated = await journal.RatedDialoguesAsync(cancellationToken);
        var shadowed = await shadowAnswers.ShadowedTurnsAsync(cancellationToken);
        var usable = rated.Where(d => Fits(d.Turns, tasks, modalityCount)).ToArray();
        var usableIds = usable.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var shadows = shadowed
            .Where(s => usableIds.Contains(s.Shadow.DialogueId) && Fits(s.Played, tasks, modalityCount) && JournalDataset.ViewsFit(s.Shadow.Location, s.Shadow.Views, modalityCount))
            .ToArray();
        var episodes = JournalDataset.Episodes(usable, shadows, modalityCount);
        // Episodes come played first, then one per shadow in the order given.
        var shadowEpisodes = shadows.Zip(episodes.Skip(usable.Length), (shadow, episode) => (shadow.Shadow.DialogueId, Episode: episode))
            .ToLookup(s => s.DialogueId, s => s.Episode, StringComparer.Ordinal);
        var shadowTimes = shadows.ToLookup(s => s.Shadow.DialogueId, s => s.Shadow.CreatedAt, StringComparer.Ordinal);
        var dialogues = usable.Zip(episodes, (record, episode) => new DeviceDialogue(
                record.Id,
                episode,
                shadowEpisodes[record.Id].ToArray(),
                IsHeldOut(record.Id, heldOutShare),
                record.Turns.Where(t => t.Score is not null).Select(t => t.AnsweredAt ?? t.ReceivedAt).Concat(shadowTimes[record.Id]).ToArray()))
            .ToArray();
        return new DeviceDialogues(dialogues, rated.Count - usable.Length + shadowed.Count - shadows.Length);
    }

    /// <summary>Held out when the dialogue id's SHA-256, read as a fraction of 2^64, is below the share: stable and uniform.</summary>
    internal static bool IsHeldOut(string dialogueId, double heldOutShare)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(dialogueId));
        return BinaryPrimitives.ReadUInt64BigEndian(hash) / 18446744073709551616.0 < heldOutShare;
    }

    private static bool Fits(IEnumerable<TurnRecord> turns, TaskVocabulary tasks, int modalityCount) =>
        turns.All(t => tasks.TryGetId(t.Task, out _) && JournalDataset.ViewsFit(t.Location, t.Views, modalityCount));
}

/// <summary>
/// One rated dialogue of the device, its shadow answers as dialogues of their own, the side of the split they are on,
/// and when each of its rated turns came (a played turn's answer, a shadow's creation).
/// </summary>
public sealed record DeviceDialogue(string DialogueId, DialogueEpisode Episode, IReadOnlyList<DialogueEpisode> Shadows, bool HeldOut, IReadOnlyList<DateTimeOffset> RatedAt);

/// <summary>The device's rated dialogues the policy can learn from, and how many dialogues and shadows it could not read.</summary>
public sealed record DeviceDialogues(IReadOnlyList<DeviceDialogue> Dialogues, int Skipped)
{
    /// <summary>Rated turns, played and shadow: what makes a round due (<see cref="Policy.Adaptation.DeviceDataset.RatedTurns"/> counts the same).</summary>
    public int RatedTurns => Dialogues.Sum(d => d.Shadows.Prepend(d.Episode).Sum(e => e.Turns.Count(t => t.Scored)));

    public int HeldOutDialogues => Dialogues.Count(d => d.HeldOut);

    /// <summary>
    /// Rated turns that came after <paramref name="since"/>: what is new to a round after the one at that time. A count
    /// by time, not a difference of totals, so retention sweeping old dialogues away does not hide new ones.
    /// </summary>
    public int RatedTurnsSince(DateTimeOffset? since) =>
        since is { } after ? Dialogues.Sum(d => d.RatedAt.Count(at => at > after)) : RatedTurns;
}
