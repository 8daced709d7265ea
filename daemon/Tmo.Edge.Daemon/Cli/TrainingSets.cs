using System.Globalization;
using Tmo.Edge.Policy.Dataset;

namespace Tmo.Edge.Daemon.Cli;

/// <summary>
/// `policy train`'s datasets: each --data is PATH (named by its file name without extension) or NAME=PATH; each
/// --weight NAME=W weighs that set's rated turns in the response estimator (default 1). Several sets are merged.
/// </summary>
internal static class TrainingSets
{
    public const string DataHelp =
        "Dataset in the M4A1 format; repeat to merge sets (M4A1 and a `data export` of the device): PATH, named by its file " +
        $"name without extension, or NAME=PATH (default: ${DatasetLocator.EnvironmentVariable}, else {DatasetLocator.DefaultRelativePath} beside the repository).";

    public const string WeightHelp =
        "NAME=W: the weight (a positive number, default 1) of the rated turns of the --data set NAME in the k-NN response estimator, e.g. --weight device=10.";

    public static async Task<(MergedDataset Merged, IReadOnlyList<WeightedDataset> Parts)> LoadAsync(
        IReadOnlyList<string> data, IReadOnlyList<string> weights, TextWriter error, CancellationToken cancellationToken)
    {
        (string Name, string Path)[] sets = data.Count == 0 ? [Named(DatasetLocator.Resolve(null, Directory.GetCurrentDirectory()))] : data.Select(Named).ToArray();
        var duplicate = sets.GroupBy(s => s.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Two --data sets are named '{duplicate.Key}'; name one of them NAME=PATH.");
        }

        var weightOf = Weights(weights, sets.Select(s => s.Name).ToArray());
        var parts = new List<WeightedDataset>();
        foreach (var (name, path) in sets)
        {
            var dataset = await DatasetSource.LoadAsync(path, syntheticFallback: false, error, cancellationToken);
            parts.Add(new WeightedDataset(name, dataset, weightOf.GetValueOrDefault(name, 1)));
        }

        return (MergedDataset.Merge(parts), parts);
    }

    private static (string Name, string Path) Named(string value)
    {
        var split = value.IndexOf('=', StringComparison.Ordinal);
        var (name, path) = split > 0 && !File.Exists(value)
            ? (value[..split], value[(split + 1)..])
            : (Path.GetFileNameWithoutExtension(value), value);
        return name.Length > 0 && path.Length > 0
            ? (name, path)
            : throw new ArgumentException($"--data '{value}' names no dataset: give PATH or NAME=PATH.");
    }

    private static Dictionary<string, double> Weights(IReadOnlyList<string> weights, IReadOnlyList<string> names)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var value in weights)
        {
            var split = value.LastIndexOf('=');
            var name = split > 0 ? value[..split] : string.Empty;
            if (split <= 0 || !double.TryParse(value[(split + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var weight) || !(weight > 0) || !double.IsFinite(weight))
            {
                throw new ArgumentException($"--weight '{value}' is not NAME=W with W a positive number.");
            }

            if (!names.Contains(name, StringComparer.Ordinal))
            {
                throw new ArgumentException($"--weight names '{name}', which is none of the --data sets: {string.Join(", ", names)}.");
            }

            if (!result.TryAdd(name, weight))
            {
                throw new ArgumentException($"--weight gives '{name}' twice.");
            }
        }

        return result;
    }
}
