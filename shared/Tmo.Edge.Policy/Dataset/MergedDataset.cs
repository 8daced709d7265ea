using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Tmo.Edge.Policy.Dataset;

/// <summary>A dialogue set to train on, by name, with the weight its rated turns carry in the k-NN estimator.</summary>
public sealed record WeightedDataset(string Name, DialogueDataset Dataset, double Weight);

/// <summary>
/// Several dialogue sets as one (M4A1 and a device's own export): episodes in the order given, each set's ids kept
/// unless one is taken already (or repeats within the set), in which case that set is numbered on from the highest id
/// before it. Each episode keeps its set's weight. One set of weight 1 is that set, unchanged.
/// </summary>
public sealed class MergedDataset
{
    private readonly Dictionary<int, double> _weights;

    private MergedDataset(DialogueDataset dataset, Dictionary<int, double> weights)
    {
        Dataset = dataset;
        _weights = weights;
    }

    public DialogueDataset Dataset { get; }

    /// <summary>Each merged episode's weight by id; null when every episode weighs 1.</summary>
    public IReadOnlyDictionary<int, double>? EpisodeWeights => _weights.Values.Any(w => w != 1) ? _weights : null;

    public static MergedDataset Merge(IReadOnlyList<WeightedDataset> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0)
        {
            throw new ArgumentException("Merging needs at least one dataset.", nameof(parts));
        }

        foreach (var part in parts)
        {
            if (!(part.Weight > 0) || !double.IsFinite(part.Weight))
            {
                throw new ArgumentException($"Dataset '{part.Name}': a weight is a positive number, got {part.Weight}.", nameof(parts));
            }

            if (part.Dataset.ModalityCount != parts[0].Dataset.ModalityCount)
            {
                throw new ArgumentException(
                    $"Dataset '{part.Name}' has X = {part.Dataset.ModalityCount} views, '{parts[0].Name}' {parts[0].Dataset.ModalityCount}; merged sets need the same views.",
                    nameof(parts));
            }
        }

        var episodes = new List<DialogueEpisode>();
        var weights = new Dictionary<int, double>();
        foreach (var part in parts)
        {
            var next = weights.Count == 0 ? 0 : weights.Keys.Max() + 1;
            var ids = part.Dataset.Episodes.Select(e => e.Id).ToArray();
            var renumber = ids.Any(weights.ContainsKey) || ids.Distinct().Count() != ids.Length;
            foreach (var (episode, index) in part.Dataset.Episodes.Select((e, i) => (e, i)))
            {
                var kept = renumber ? episode with { Id = next + index } : episode;
                weights.Add(kept.Id, part.Weight);
                episodes.Add(kept);
            }
        }

        if (parts is [{ Weight: 1 } only])
        {
            return new MergedDataset(only.Dataset, weights);
        }

        var identity = string.Join('\n', parts.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Name} {p.Weight:R} {p.Dataset.ContentSha256}")));
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)));
        var source = string.Join(" + ", parts.Select(p => p.Weight == 1 ? p.Dataset.Source : string.Create(CultureInfo.InvariantCulture, $"{p.Dataset.Source} (weight {p.Weight:R})")));
        return new MergedDataset(new DialogueDataset(episodes, parts[0].Dataset.ModalityCount, hash, source), weights);
    }
}
