namespace Tmo.Edge.Daemon.Tests.Runners.Local;

/// <summary>The test models, written once per test run into a temporary directory.</summary>
internal static class TinyModelFiles
{
    private static readonly Lazy<string> Directory = new(() => System.IO.Directory.CreateTempSubdirectory("tmo-gguf-").FullName);

    /// <summary>A tiny llama model that loads and generates.</summary>
    public static string Good { get; } = Write("tiny.gguf", path => TinyLlamaModel.Write(path));

    /// <summary>A header (and shapes) that pass every check, but 4 query heads over 3 key/value heads: llama.cpp aborts.</summary>
    public static string Aborting { get; } = Write("aborting.gguf", path => TinyLlamaModel.Write(path, keyValueHeads: 3));

    /// <summary>Not a GGUF file at all.</summary>
    public static string NotGguf { get; } = Write("not-a-model.gguf", path => File.WriteAllText(path, "this is a text file, not a model"));

    private static string Write(string name, Action<string> write)
    {
        var path = Path.Combine(Directory.Value, name);
        write(path);
        return path;
    }
}
