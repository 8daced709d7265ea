using System.Globalization;

namespace Tmo.Edge.Daemon.Telemetry;

/// <summary>
/// `/proc/meminfo`: MemTotal, MemAvailable and, on Jetson (CPU and GPU share RAM), NvMapMemUsed, in MB (1024 x 1024
/// bytes; the file counts kB of 1024 bytes).
/// </summary>
public sealed class MemoryInfo(SensorFiles files)
{
    private readonly string _file = files.Resolve("/proc/meminfo");

    public (double? TotalMB, double? AvailableMB, double? NvMapUsedMB) Read()
    {
        var text = files.Text(_file);
        if (text is null)
        {
            return (null, null, null);
        }

        double? total = null, available = null, nvmap = null;
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                continue;
            }

            var key = line[..colon];
            if (key.SequenceEqual("MemTotal"))
            {
                total = Kilobytes(line[(colon + 1)..], key);
            }
            else if (key.SequenceEqual("MemAvailable"))
            {
                available = Kilobytes(line[(colon + 1)..], key);
            }
            else if (key.SequenceEqual("NvMapMemUsed"))
            {
                nvmap = Kilobytes(line[(colon + 1)..], key);
            }
        }

        return (total, available, nvmap);
    }

    private double? Kilobytes(ReadOnlySpan<char> value, ReadOnlySpan<char> key)
    {
        var v = value.Trim();
        if (v.EndsWith(" kB", StringComparison.Ordinal))
        {
            v = v[..^3].TrimEnd();
        }

        if (long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var kb))
        {
            return kb / 1024.0;
        }

        files.Report($"{_file}:{key}", $"not a size: '{v}'");
        return null;
    }
}
