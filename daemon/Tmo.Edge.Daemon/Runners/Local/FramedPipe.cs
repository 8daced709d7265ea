using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Tmo.Edge.Daemon.Runners.Local;

/// <summary>
/// Length-prefixed JSON messages over a byte stream (the model host's stdin/stdout): a 4-byte little-endian length,
/// then that many bytes of UTF-8 JSON. Framing keeps message boundaries exact whatever the JSON holds.
/// </summary>
public static class FramedPipe
{
    /// <summary>A frame larger than this is a corrupt stream, not a message.</summary>
    public const int MaxFrameBytes = 16 << 20;

    public static async Task WriteAsync<T>(Stream stream, T message, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var payload = JsonSerializer.SerializeToUtf8Bytes(message, type);
        var frame = new byte[4 + payload.Length];
        BinaryPrimitives.WriteInt32LittleEndian(frame, payload.Length);
        payload.CopyTo(frame.AsSpan(4));
        await stream.WriteAsync(frame, cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    /// <summary>The next message, or null when the stream ended cleanly between two messages.</summary>
    /// <exception cref="InvalidDataException">The stream ended inside a frame or holds an impossible length.</exception>
    public static async Task<T?> ReadAsync<T>(Stream stream, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(stream);
        var header = new byte[4];
        var read = await stream.ReadAtLeastAsync(header, 4, throwOnEndOfStream: false, cancellationToken);
        if (read == 0)
        {
            return null;
        }

        if (read < 4)
        {
            throw new InvalidDataException("the pipe ended inside a frame header");
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(header);
        if (length is <= 0 or > MaxFrameBytes)
        {
            throw new InvalidDataException($"frame length {length} is outside 1..{MaxFrameBytes}");
        }

        var payload = new byte[length];
        await stream.ReadExactlyAsync(payload, cancellationToken);
        return JsonSerializer.Deserialize(payload, type) ?? throw new InvalidDataException("a frame holds JSON null");
    }
}
