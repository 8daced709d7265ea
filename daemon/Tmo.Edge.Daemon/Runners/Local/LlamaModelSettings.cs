using System.Globalization;

namespace Tmo.Edge.Daemon.Runners.Local;

/// <summary>What the model host needs to load and run a GGUF model; passed to `tmo-edge llm-host` as arguments.</summary>
public sealed record LlamaModelSettings(
    string ModelPath,
    int ContextSize,
    int GpuLayers,
    int Threads,
    double Temperature,
    uint Seed,
    string? NativeLibraryPath)
{
    public static LlamaModelSettings From(LocalLlmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new LlamaModelSettings(
            Path.GetFullPath(options.ModelPath ?? throw new ArgumentException("No model path is configured.", nameof(options))),
            options.ContextSize,
            options.GpuLayers,
            options.Threads,
            options.Temperature,
            options.Seed,
            string.IsNullOrWhiteSpace(options.NativeLibraryPath) ? null : Path.GetFullPath(options.NativeLibraryPath));
    }

    /// <summary>The `llm-host` command line for these settings.</summary>
    public IReadOnlyList<string> ToArguments()
    {
        var arguments = new List<string>
        {
            "llm-host",
            "--model", ModelPath,
            "--context", ContextSize.ToString(CultureInfo.InvariantCulture),
            "--gpu-layers", GpuLayers.ToString(CultureInfo.InvariantCulture),
            "--threads", Threads.ToString(CultureInfo.InvariantCulture),
            "--temperature", Temperature.ToString(CultureInfo.InvariantCulture),
            "--seed", Seed.ToString(CultureInfo.InvariantCulture),
        };
        if (NativeLibraryPath is not null)
        {
            arguments.AddRange(["--native-library", NativeLibraryPath]);
        }

        return arguments;
    }
}
