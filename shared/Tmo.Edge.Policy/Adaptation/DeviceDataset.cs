using System.Security.Cryptography;
using System.Text;
using Tmo.Edge.Policy.Dataset;

namespace Tmo.Edge.Policy.Adaptation;

/// <summary>
/// The device's own rated dialogues in M4A1's terms. Each dialogue is kept whole (its unrated turns are the rated
/// ones' history); each shadow answer is a dialogue of its own, the played turns before it as history and the shadow's
/// action rated last, so the estimator sees both actions for one state. A seeded share of dialogues, with their
/// shadows, is held out: the estimator never learns from them, and challengers are judged on them. Not thread-safe.
/// </summary>
public sealed class DeviceDataset(double heldOutShare, int seed)
{
    private readonly Random _random = new(seed);
    private readonly List<DialogueEpisode> _training = [];
    private readonly List<DialogueEpisode> _heldOutEvidence = [];
    private readonly List<DialogueEpisode> _heldOutDialogues = [];

    /// <summary>Dialogues (and shadows) the challengers' estimator learns from.</summary>
    public IReadOnlyList<DialogueEpisode> Training => _training;

    /// <summary>Held-out dialogues and shadows: the evidence challengers are judged by.</summary>
    public IReadOnlyList<DialogueEpisode> HeldOutEvidence => _heldOutEvidence;

    /// <summary>The held-out dialogues as played (without shadows): what challengers are rolled out on.</summary>
    public IReadOnlyList<DialogueEpisode> HeldOutDialogues => _heldOutDialogues;

    /// <summary>Rated turns so far, played and shadow, both sides of the split.</summary>
    public int RatedTurns { get; private set; }

    /// <summary>Adds a dialogue on the side of the split a seeded draw puts it.</summary>
    public void Add(DialogueEpisode played, IReadOnlyList<DialogueEpisode> shadows) => Add(played, shadows, _random.NextDouble() < heldOutShare);

    /// <summary>
    /// Adds a dialogue on the side of the split the caller chose: a device that reads its dialogues again after a
    /// restart decides by the dialogue's identity, so a dialogue never moves from one side to the other.
    /// </summary>
    public void Add(DialogueEpisode played, IReadOnlyList<DialogueEpisode> shadows, bool heldOut)
    {
        ArgumentNullException.ThrowIfNull(played);
        ArgumentNullException.ThrowIfNull(shadows);
        var evidence = heldOut ? _heldOutEvidence : _training;
        evidence.Add(played);
        evidence.AddRange(shadows);
        if (heldOut)
        {
            _heldOutDialogues.Add(played);
        }

        RatedTurns += shadows.Prepend(played).Sum(e => e.Turns.Count(t => t.Scored));
    }

    /// <summary>Everything rated, both sides of the split, as one dataset (what `data export` writes).</summary>
    public DialogueDataset ToDataset(int modalityCount, string source)
    {
        var episodes = _training.Concat(_heldOutEvidence).ToArray();
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', episodes.Select(e => e.Id))));
        return new DialogueDataset(episodes, modalityCount, Convert.ToHexStringLower(hash), source);
    }
}
