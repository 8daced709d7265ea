namespace Tmo.Edge.Policy.Dataset;

/// <summary>Train/test split by episode: 80/20 shuffled by a seed, or an explicit list of test episode ids.</summary>
public sealed record DatasetSplit(IReadOnlyList<DialogueEpisode> Train, IReadOnlyList<DialogueEpisode> Test)
{
    public const double DefaultTestShare = 0.2;

    public static DatasetSplit BySeed(DialogueDataset dataset, int seed, double testShare = DefaultTestShare)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(testShare);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(testShare, 1);

        var shuffled = dataset.Episodes.ToArray();
        new Random(seed).Shuffle(shuffled);
        // As the reference: int(len * ratio) test episodes, at least one of each side when possible.
        var testCount = Math.Clamp((int)(shuffled.Length * testShare), 1, Math.Max(1, shuffled.Length - 1));
        return new DatasetSplit(shuffled[testCount..], shuffled[..testCount]);
    }

    public static DatasetSplit ByTestIds(DialogueDataset dataset, IReadOnlyCollection<int> testIds)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(testIds);
        var known = dataset.Episodes.Select(e => e.Id).ToHashSet();
        var unknown = testIds.Where(id => !known.Contains(id)).ToArray();
        if (unknown.Length != 0)
        {
            throw new ArgumentException($"Test episode ids not in the dataset: {string.Join(", ", unknown)}.", nameof(testIds));
        }

        var test = dataset.Episodes.Where(e => testIds.Contains(e.Id)).ToArray();
        var train = dataset.Episodes.Where(e => !testIds.Contains(e.Id)).ToArray();
        if (test.Length == 0 || train.Length == 0)
        {
            throw new ArgumentException("The split needs at least one training and one test episode.", nameof(testIds));
        }

        return new DatasetSplit(train, test);
    }

    /// <summary>Reads a test-id file: one episode id per line; blank lines and '#' comments are ignored.</summary>
    public static async Task<IReadOnlyCollection<int>> ReadTestIdsAsync(string path, CancellationToken cancellationToken = default)
    {
        var lines = await File.ReadAllLinesAsync(path, cancellationToken);
        var ids = new HashSet<int>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (!int.TryParse(line, out var id))
            {
                throw new FormatException($"{path}:{i + 1}: '{line}' is not an episode id.");
            }

            ids.Add(id);
        }

        return ids;
    }
}
