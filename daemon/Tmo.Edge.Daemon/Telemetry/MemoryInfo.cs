using System.Buffers.Text;

namespace Tmo.Edge.Daemon.Telemetry;

/// <summary>
/// `/proc/meminfo`: MemTotal, MemAvailable and, on Jetson (CPU and GPU share RAM), NvMapMemUsed, in MB (1024 x 1024
/// bytes; the file counts kB of 1024 bytes). Parsed from bytes on the stack: it is read every second.
/// </summary>
public sealed class MemoryInfo(SensorFiles files)
{
    /// <summary>/proc/meminfo is about 1.5 KB; a file cut at this size still yields the leading lines it holds.</summary>
    private const int MaxBytes = 8192;

    private readonly string _file = files.Resolve("/proc/meminfo");

    public (double? TotalMB, double? AvailableMB, double? NvMapUsedMB) Read()
    {
        Span<byte> buffer = stackalloc byte[MaxBytes];
        var length = files.Read(_file, buffer);
        if (length < 0)
        {
            return (null, null, null);
        }

        double? total = null, available = null, nvmap = null;
        var rest = buffer[..length];
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf((byte)'\n');
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 1)..];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                continue;
            }

            var key = line[..colon];
            if (key.SequenceEqual("MemTotal"u8))
            {
                total = Kilobytes(line[(colon + 1)..], "MemTotal");
            }
            else if (key.SequenceEqual("MemAvailable"u8))
            {
                available = Kilobytes(line[(colon + 1)..], "MemAvailable");
            }
            else if (key.SequenceEqual("NvMapMemUsed"u8))
            {
                nvmap = Kilobytes(line[(colon + 1)..], "NvMapMemUsed");
            }
        }

        return (total, available, nvmap);
    }

    private double? Kilobytes(ReadOnlySpan<byte> value, string key)
    {
        var v = value.Trim(" \t\r"u8);
        if (v.EndsWith(" kB"u8))
        {
            v = v[..^3].TrimEnd(" \t"u8);
        }

        if (Utf8Parser.TryParse(v, out long kb, out var consumed) && consumed == v.Length && kb >= 0)
        {
            return kb / 1024.0;
        }

        files.Report($"{_file}:{key}", $"not a size: '{System.Text.Encoding.UTF8.GetString(v)}'");
        return null;
    }
}
