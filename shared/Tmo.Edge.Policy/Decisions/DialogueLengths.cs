namespace Tmo.Edge.Policy.Decisions;

/// <summary>
/// How many turns dialogues had: the shield's estimate of how many more turns a dialogue will still ask for.
/// M4A1's lengths first (kept in the checkpoint), then the device's own dialogues as they end. Thread-safe.
/// </summary>
public sealed class DialogueLengths
{
    private readonly Lock _lock = new();
    private readonly List<long> _counts = [];

    public DialogueLengths(IEnumerable<int> lengths)
    {
        ArgumentNullException.ThrowIfNull(lengths);
        foreach (var length in lengths)
        {
            Add(length);
        }
    }

    /// <summary>How many dialogues of each length, index = length (index 0 unused); what a checkpoint stores.</summary>
    public IReadOnlyList<long> Histogram
    {
        get
        {
            lock (_lock)
            {
                return [.. _counts];
            }
        }
    }

    /// <summary>Adds the dialogues of a <see cref="Histogram"/> (a checkpoint's).</summary>
    public void AddHistogram(IReadOnlyList<long> histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        for (var length = 1; length < histogram.Count; length++)
        {
            Add(length, histogram[length]);
        }
    }

    public void Add(int length, long dialogues = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dialogues);
        if (length <= 0 || dialogues == 0)
        {
            return;
        }

        lock (_lock)
        {
            while (_counts.Count <= length)
            {
                _counts.Add(0);
            }

            _counts[length] += dialogues;
        }
    }

    /// <summary>
    /// The expected number of turns after this one, given that <paramref name="completedTurns"/> turns came before it
    /// (the mean length of the dialogues that reached this turn, less the turns up to it), rounded up and capped at
    /// <paramref name="maxLaterTurns"/>; 0 when no dialogue seen was this long.
    /// </summary>
    public int ExpectedLaterTurns(int completedTurns, int maxLaterTurns)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(completedTurns);
        long dialogues = 0, turns = 0;
        lock (_lock)
        {
            for (var length = completedTurns + 1; length < _counts.Count; length++)
            {
                dialogues += _counts[length];
                turns += _counts[length] * length;
            }
        }

        if (dialogues == 0)
        {
            return 0;
        }

        var later = ((double)turns / dialogues) - completedTurns - 1;
        return Math.Clamp((int)Math.Ceiling(later - 1e-9), 0, Math.Max(0, maxLaterTurns));
    }
}
