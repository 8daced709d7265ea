using System.Buffers.Binary;
using System.Text;

namespace Tmo.Edge.Daemon.Runners.Local;

/// <summary>
/// The header of a GGUF file (ggml's model format: magic, version, counts, metadata, tensor infos), read and checked
/// before llama.cpp sees the file. llama.cpp trusts much of what it reads and may abort the process on a damaged
/// file; this check turns the common cases (not a GGUF, truncated, absurd counts) into a clear error instead.
/// </summary>
public sealed record GgufHeader(uint Version, long TensorCount, long MetadataCount, string? Architecture)
{
    private const uint Magic = 0x46554747; // "GGUF" little-endian
    private const long MaxTensors = 1 << 20;
    private const long MaxMetadata = 1 << 16;
    private const long MaxStringBytes = 1 << 26;
    private const int MaxDimensions = 4;

    /// <exception cref="GgufFormatException">The file is not a GGUF model this daemon can load.</exception>
    public static GgufHeader Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        var name = Path.GetFileName(path);
        try
        {
            return Read(reader, stream.Length, name);
        }
        catch (EndOfStreamException)
        {
            throw new GgufFormatException($"{name}: the GGUF header is truncated ({stream.Length} bytes)");
        }
    }

    private static GgufHeader Read(BinaryReader reader, long length, string name)
    {
        var magic = reader.ReadUInt32();
        if (magic != Magic)
        {
            Span<byte> bytes = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(bytes, magic);
            throw new GgufFormatException($"{name}: not a GGUF model (magic {Convert.ToHexString(bytes)}, expected 47475546 \"GGUF\")");
        }

        var version = reader.ReadUInt32();
        if (version is not (2 or 3))
        {
            throw new GgufFormatException($"{name}: GGUF version {version} is not supported (2 or 3)");
        }

        var tensors = reader.ReadInt64();
        var metadata = reader.ReadInt64();
        if (tensors is <= 0 or > MaxTensors || metadata is < 0 or > MaxMetadata)
        {
            throw new GgufFormatException($"{name}: implausible counts ({tensors} tensors, {metadata} metadata entries)");
        }

        string? architecture = null;
        for (var i = 0; i < metadata; i++)
        {
            var key = ReadString(reader, length, name);
            var type = (GgufType)reader.ReadUInt32();
            if (key == "general.architecture" && type == GgufType.String)
            {
                architecture = ReadString(reader, length, name);
            }
            else
            {
                SkipValue(reader, type, length, name, key);
            }
        }

        for (var i = 0; i < tensors; i++)
        {
            var tensor = ReadString(reader, length, name);
            var dimensions = reader.ReadUInt32();
            if (dimensions is 0 or > MaxDimensions)
            {
                throw new GgufFormatException($"{name}: tensor '{tensor}' has {dimensions} dimensions");
            }

            for (var d = 0; d < dimensions; d++)
            {
                if (reader.ReadInt64() <= 0)
                {
                    throw new GgufFormatException($"{name}: tensor '{tensor}' has an empty or negative dimension");
                }
            }

            reader.ReadUInt32(); // ggml type: llama.cpp rejects unknown ones itself
            var offset = reader.ReadInt64();
            if (offset < 0 || offset >= length)
            {
                throw new GgufFormatException($"{name}: tensor '{tensor}' lies outside the file");
            }
        }

        return architecture is null
            ? throw new GgufFormatException($"{name}: no general.architecture in the metadata")
            : new GgufHeader(version, tensors, metadata, architecture);
    }

    private static string ReadString(BinaryReader reader, long length, string name)
    {
        var bytes = reader.ReadInt64();
        if (bytes < 0 || bytes > MaxStringBytes || reader.BaseStream.Position + bytes > length)
        {
            throw new GgufFormatException($"{name}: a string of {bytes} bytes at offset {reader.BaseStream.Position - 8} runs past the file");
        }

        return Encoding.UTF8.GetString(reader.ReadBytes((int)bytes));
    }

    private static void SkipValue(BinaryReader reader, GgufType type, long length, string name, string key)
    {
        if (type == GgufType.String)
        {
            ReadString(reader, length, name);
            return;
        }

        if (type != GgufType.Array)
        {
            Skip(reader, SizeOf(type, name, key), length, name);
            return;
        }

        var elementType = (GgufType)reader.ReadUInt32();
        var count = reader.ReadInt64();
        if (count < 0 || count > length)
        {
            throw new GgufFormatException($"{name}: metadata '{key}' claims {count} elements");
        }

        if (elementType == GgufType.String)
        {
            for (var i = 0; i < count; i++)
            {
                ReadString(reader, length, name);
            }
        }
        else
        {
            Skip(reader, SizeOf(elementType, name, key) * count, length, name);
        }
    }

    private static void Skip(BinaryReader reader, long bytes, long length, string name)
    {
        if (reader.BaseStream.Position + bytes > length)
        {
            throw new GgufFormatException($"{name}: metadata runs past the end of the file");
        }

        reader.BaseStream.Seek(bytes, SeekOrigin.Current);
    }

    private static long SizeOf(GgufType type, string name, string key) => type switch
    {
        GgufType.UInt8 or GgufType.Int8 or GgufType.Bool => 1,
        GgufType.UInt16 or GgufType.Int16 => 2,
        GgufType.UInt32 or GgufType.Int32 or GgufType.Float32 => 4,
        GgufType.UInt64 or GgufType.Int64 or GgufType.Float64 => 8,
        _ => throw new GgufFormatException($"{name}: metadata '{key}' has unknown value type {(uint)type}"),
    };

    private enum GgufType : uint
    {
        UInt8 = 0,
        Int8 = 1,
        UInt16 = 2,
        Int16 = 3,
        UInt32 = 4,
        Int32 = 5,
        Float32 = 6,
        Bool = 7,
        String = 8,
        Array = 9,
        UInt64 = 10,
        Int64 = 11,
        Float64 = 12,
    }
}
