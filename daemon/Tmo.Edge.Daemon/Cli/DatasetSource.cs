using Tmo.Edge.Policy.Dataset;

namespace Tmo.Edge.Daemon.Cli;

/// <summary>Loads the dataset named on the command line, or says exactly what is missing.</summary>
internal static class DatasetSource
{
    /// <summary>The shape of M4A1 for the synthetic fallback: 100 dialogues of 5 turns, 3 views, 4 tasks.</summary>
    private const int FallbackEpisodes = 100;
    private const int FallbackTurns = 5;
    private const int FallbackModalities = 3;
    private const int FallbackTasks = 4;
    private const int FallbackSeed = 2025;

    public static async Task<DialogueDataset> LoadAsync(string? explicitPath, bool syntheticFallback, TextWriter error, CancellationToken cancellationToken)
    {
        var path = DatasetLocator.Resolve(explicitPath, Directory.GetCurrentDirectory());
        if (!File.Exists(path) && syntheticFallback)
        {
            await error.WriteLineAsync(
                $"M4A1 not found at {path}; using a seeded synthetic dialogue set of the same shape. " +
                $"Get M4A1 from github.com/liangqiyuan/TMO (data/M4A1.json, MIT) and pass --data or set {DatasetLocator.EnvironmentVariable}.");
            return SyntheticDialogues.Generate(FallbackEpisodes, FallbackTurns, FallbackModalities, FallbackTasks, FallbackSeed);
        }

        return await M4A1Loader.LoadAsync(path, cancellationToken);
    }
}
