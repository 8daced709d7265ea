using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Tmo.Edge.Core.Contracts;

/// <summary>Reading and writing contract JSON beyond what the generated context's options give.</summary>
public static class ContractJson
{
    /// <summary>
    /// The payload read through the contract's generated metadata, or null when it is not that JSON: a payload may come
    /// from anyone on the broker, and malformed JSON is no message, not an exception.
    /// </summary>
    public static T? TryRead<T>(ReadOnlySpan<byte> payload, JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(payload, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The value as indented JSON (a document people read, such as `policy eval --json`), same fields as compact.</summary>
    public static string WriteIndented<T>(T value, JsonTypeInfo<T> type)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            JsonSerializer.Serialize(writer, value, type);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
