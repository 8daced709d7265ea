using System.Security.Cryptography;
using System.Text.Json;

namespace Tmo.Edge.Policy.Dataset;

/// <summary>
/// Reads the M4A1 JSON format (github.com/liangqiyuan/TMO, data/M4A1.json) with errors that name the
/// episode and turn of a malformed record. X (the modality count) is the width of the association rows.
/// </summary>
public static class M4A1Loader
{
    public static async Task<DialogueDataset> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"M4A1 dataset not found at '{Path.GetFullPath(path)}'. Pass --data PATH or set TMO_M4A1 " +
                "(the dataset is published at github.com/liangqiyuan/TMO, data/M4A1.json, MIT licence).", path);
        }

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        return Parse(bytes, path);
    }

    public static DialogueDataset Parse(ReadOnlySpan<byte> json, string source)
    {
        // JsonDocument checks UTF-8 only when a string is read, and then throws InvalidOperationException.
        if (!System.Text.Unicode.Utf8.IsValid(json))
        {
            throw new DatasetFormatException($"{source}: the file is not valid UTF-8 text.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            throw new DatasetFormatException(
                $"{source}: invalid JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}: {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array)
            {
                throw new DatasetFormatException($"{source}: the top level must be an array of episodes.");
            }

            var episodes = new List<DialogueEpisode>();
            int? modalityCount = null;
            var index = 0;
            foreach (var element in root.EnumerateArray())
            {
                var episode = new EpisodeReader(source, index++, element).Read();
                var width = episode.Association[0].Length;
                if (modalityCount is { } x && x != width)
                {
                    throw new DatasetFormatException(
                        $"{source}: episode {episode.Id}: association rows have {width} modalities, earlier episodes {x}.");
                }

                modalityCount = width;
                episodes.Add(episode);
            }

            if (episodes.Count == 0)
            {
                throw new DatasetFormatException($"{source}: the dataset has no episodes.");
            }

            return new DialogueDataset(episodes, modalityCount!.Value, Convert.ToHexStringLower(SHA256.HashData(json)), source);
        }
    }
}
