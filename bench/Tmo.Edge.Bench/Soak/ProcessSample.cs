using System.Globalization;

namespace Tmo.Edge.Bench.Soak;

/// <summary>One look at the daemon process from /proc: resident memory, open descriptors, threads and CPU time.</summary>
internal sealed record ProcessSample(double RssMiB, int OpenHandles, int Threads, double CpuSeconds)
{
    private static readonly char[] StatusSeparators = [' ', '\t'];

    public static ProcessSample Read(int pid)
    {
        var status = File.ReadAllLines($"/proc/{pid}/status");
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // Fields after the parenthesised command name; utime and stime are the 14th and 15th, in clock ticks (100 Hz).
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var cpu = (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
        return new ProcessSample(
            Status(status, "VmRSS") / 1024,
            Directory.GetFileSystemEntries($"/proc/{pid}/fd").Length,
            (int)Status(status, "Threads"),
            cpu);
    }

    /// <summary>The number on a "Name:  value [kB]" line of /proc/PID/status.</summary>
    private static double Status(string[] lines, string field)
    {
        var line = lines.First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return double.Parse(line.Split(StatusSeparators, StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }
}
