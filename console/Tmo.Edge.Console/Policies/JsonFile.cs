using System.Text.Json;

namespace Tmo.Edge.Console.Policies;

/// <summary>Files the daemon's tools write beside a checkpoint, read leniently: a missing or damaged one is simply not shown.</summary>
internal static class JsonFile
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The file's content, or null when it is missing, unreadable or not the expected JSON.</summary>
    public static async Task<T?> TryReadAsync<T>(string path, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            await using var stream = File.OpenRead(path);
            return await JsonSerializer.DeserializeAsync<T>(stream, Json, cancellationToken);
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
