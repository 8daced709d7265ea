using System.Globalization;
using System.Text;

namespace Tmo.Edge.Bench.Soak;

/// <summary>
/// What a soak measured, and its verdict: after the warm-up, least-squares slopes per hour of memory, open handles and
/// threads, and the added-latency p99 of the first window against the last; plus every acknowledged prompt answered
/// exactly once.
/// </summary>
/// <remarks>
/// Memory is judged by owner, because resident memory is the sum of two things that move differently. The GC commits
/// and releases its heap in regions of 4 MiB as its budget sees fit, so resident memory steps by that much either way
/// with no leak at all, and one such step in a 25-minute fit reads as 10 MiB/h or more. A leak is memory that stays
/// reachable: in the managed heap it raises what is left after a full GC (the soak induces one a window; between
/// them the heap also holds garbage that waits in gen2 for the next full GC), and anywhere else it raises resident
/// memory less what the GC has committed (code, stacks, SQLite, socket buffers). Those two slopes decide; resident
/// memory and the GC's commit are reported beside them.
/// </remarks>
internal sealed record SoakResult(
    SoakSettings Settings,
    IReadOnlyList<SoakSample> Samples,
    IReadOnlyList<(double ElapsedS, ScrapedHistogram Histogram)> Snapshots,
    double PlayedS)
{
    public long Sent { get; init; }

    public long Answered { get; init; }

    public int Duplicates { get; init; }

    public long PublishFailures { get; init; }

    public bool DaemonExited { get; init; }

    private IReadOnlyList<SoakSample> Settled => Samples.Where(s => s.ElapsedS >= Settings.WarmUp.TotalSeconds && s.ElapsedS <= PlayedS).ToList();

    public Trend RssTrend => PerHour(s => s.Process.RssMiB);

    public Trend HandleTrend => PerHour(s => s.Process.OpenHandles);

    public Trend ThreadTrend => PerHour(s => s.Process.Threads);

    public Trend GcHeapTrend => PerHour(s => s.GcHeapMiB);

    public Trend GcCommittedTrend => PerHour(s => s.GcCommittedMiB);

    public Trend SqliteTrend => PerHour(s => s.SqliteMiB);

    /// <summary>Resident memory the GC does not own: a native leak shows here.</summary>
    public Trend NativeTrend => PerHour(s => s.Process.RssMiB - s.GcCommittedMiB);

    /// <summary>The managed heap right after the full GC induced once a window: what is reachable.</summary>
    public Trend LiveHeapTrend => PerHour(s => s.LiveHeapMiB);

    /// <summary>p99 (ms) of the first window after the warm-up.</summary>
    public double FirstWindowP99Ms => WindowP99(Settings.WarmUp.TotalSeconds, Settings.WarmUp.TotalSeconds + Settings.Window.TotalSeconds);

    /// <summary>p99 (ms) of the last window of the replay.</summary>
    public double LastWindowP99Ms => WindowP99(PlayedS - Settings.Window.TotalSeconds, PlayedS);

    public bool Passed =>
        !DaemonExited && Sent > 0 && Answered == Sent && Duplicates == 0
        && NativeTrend.Slope < SoakSettings.MaxMemorySlopeMiBPerHour
        && LiveHeapTrend.Slope < SoakSettings.MaxMemorySlopeMiBPerHour
        && HandleTrend.Slope < SoakSettings.MaxHandleSlopePerHour
        && ThreadTrend.Slope < SoakSettings.MaxThreadSlopePerHour
        && LastWindowP99Ms <= SoakSettings.MaxP99Ratio * FirstWindowP99Ms;

    public string Csv()
    {
        var csv = new StringBuilder("elapsed_s,rss_mib,open_handles,threads,cpu_s,gc_heap_mib,live_heap_mib,gc_committed_mib,sqlite_mib,sent,responses,interval_p99_ms,interval_count\n");
        foreach (var s in Samples)
        {
            csv.AppendLine(CultureInfo.InvariantCulture,
                $"{s.ElapsedS:F1},{s.Process.RssMiB:F2},{s.Process.OpenHandles},{s.Process.Threads},{s.Process.CpuSeconds:F2},{s.GcHeapMiB:F2},{s.LiveHeapMiB:F2},{s.GcCommittedMiB:F2},{s.SqliteMiB:F2},{s.Sent},{s.Answered},{s.IntervalP99Ms:F3},{s.IntervalCount}");
        }

        return csv.ToString();
    }

    public string Markdown()
    {
        var settled = Settled;
        var first = settled.Count > 0 ? settled[0] : Samples[0];
        var last = settled.Count > 0 ? settled[^1] : Samples[^1];
        var cpuS = last.Process.CpuSeconds - first.Process.CpuSeconds;
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Soak: {Verdict(Passed)}");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"`tmo-edge run` on Mosquitto, M4A1 replayed at {Settings.PromptsPerSecond:0.#} prompts/s for {PlayedS / 60:0.#} min " +
            $"({Environment.ProcessorCount} cores, .NET {Environment.Version}); sampled every {Settings.SampleInterval.TotalSeconds:0.#} s, " +
            $"trends after a {Settings.WarmUp.TotalMinutes:0.#} min warm-up over {settled.Count} samples; dialogue idle timeout " +
            $"{Settings.DialogueIdleTimeout:c}, replay runner at infinite speed (the runner adds nothing). Samples: soak.csv.");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"Prompts acknowledged {Sent:N0} ({Sent / PlayedS:0.#}/s achieved), answered {Answered:N0}, unanswered {Sent - Answered:N0}, " +
            $"answered twice {Duplicates:N0}, publishes refused {PublishFailures:N0}; daemon {(DaemonExited ? "EXITED" : "still running")}; " +
            $"daemon CPU after warm-up {cpuS / Math.Max(1, last.ElapsedS - first.ElapsedS) * 100:0.#} % of one core.");
        md.AppendLine();
        md.AppendLine("| Measure | After warm-up | End | Slope per hour (R²) | Threshold | Verdict |");
        md.AppendLine("|---|---|---|---|---|---|");
        var memoryThreshold = $"< {SoakSettings.MaxMemorySlopeMiBPerHour} MiB/h";
        Row(md, "Native memory (MiB, resident less GC committed)", first.Process.RssMiB - first.GcCommittedMiB, last.Process.RssMiB - last.GcCommittedMiB, NativeTrend, memoryThreshold, NativeTrend.Slope < SoakSettings.MaxMemorySlopeMiBPerHour);
        var live = settled.Where(s => !double.IsNaN(s.LiveHeapMiB)).ToList();
        Row(md, $"Managed heap after a full GC (MiB, induced every {Settings.Window.TotalSeconds:0} s; {live.Count} GCs)", live.Count > 0 ? live[0].LiveHeapMiB : double.NaN, live.Count > 0 ? live[^1].LiveHeapMiB : double.NaN, LiveHeapTrend, memoryThreshold, LiveHeapTrend.Slope < SoakSettings.MaxMemorySlopeMiBPerHour);
        Row(md, "Resident memory (MiB)", first.Process.RssMiB, last.Process.RssMiB, RssTrend, "reported", null);
        Row(md, "Open handles (/proc/PID/fd)", first.Process.OpenHandles, last.Process.OpenHandles, HandleTrend, $"< {SoakSettings.MaxHandleSlopePerHour}/h", HandleTrend.Slope < SoakSettings.MaxHandleSlopePerHour);
        Row(md, "Threads", first.Process.Threads, last.Process.Threads, ThreadTrend, $"< {SoakSettings.MaxThreadSlopePerHour}/h", ThreadTrend.Slope < SoakSettings.MaxThreadSlopePerHour);
        Row(md, "GC heap (MiB, dotnet_total_memory_bytes)", first.GcHeapMiB, last.GcHeapMiB, GcHeapTrend, "reported", null);
        Row(md, "GC committed (MiB, tmo_gc_committed_bytes)", first.GcCommittedMiB, last.GcCommittedMiB, GcCommittedTrend, "reported", null);
        Row(md, "SQLite (MiB, tmo_sqlite_memory_bytes)", first.SqliteMiB, last.SqliteMiB, SqliteTrend, "reported", null);
        var ratio = LastWindowP99Ms / FirstWindowP99Ms;
        md.AppendLine(CultureInfo.InvariantCulture,
            $"| Added latency p99 (ms), {Settings.Window.TotalSeconds:0} s windows | {FirstWindowP99Ms:0.###} | {LastWindowP99Ms:0.###} | last/first {ratio:0.##} | <= {SoakSettings.MaxP99Ratio}x first | {Verdict(ratio <= SoakSettings.MaxP99Ratio)} |");
        md.AppendLine();
        md.AppendLine("Slopes are least-squares fits over the samples after the warm-up, scaled to an hour: over a short run they " +
            "extrapolate minutes of noise (a GC, a thread-pool thread) to an hour, so the thresholds are meant for the 30-minute run. " +
            "Memory is judged by owner: resident memory is native memory plus what the GC has committed, and the GC commits and " +
            "releases whole 4 MiB regions as its budget moves, so resident memory steps without any leak; a leak raises the native " +
            "part or what the managed heap holds after a full GC (one is induced per window, as dotnet-gcdump does, which " +
            "also costs the daemon a pause per window).");
        return md.ToString();
    }

    /// <summary>The fit over the settled samples that have a value (the live heap has one only after an induced GC).</summary>
    private Trend PerHour(Func<SoakSample, double> value)
    {
        var measured = Settled.Where(s => !double.IsNaN(value(s))).ToList();
        return Trend.Fit(measured.Select(s => s.ElapsedS / 3600).ToList(), measured.Select(value).ToList());
    }

    private double WindowP99(double fromS, double toS)
    {
        var start = Snapshots.LastOrDefault(s => s.ElapsedS <= fromS);
        var end = Snapshots.LastOrDefault(s => s.ElapsedS <= toS);
        if (start.Histogram is null || end.Histogram is null)
        {
            return double.NaN;
        }

        var window = end.Histogram.Since(start.Histogram);
        return window.Count > 0 ? window.Quantile(0.99) * 1000 : double.NaN;
    }

    private static void Row(StringBuilder md, string name, double start, double end, Trend trend, string threshold, bool? passed) =>
        md.AppendLine(CultureInfo.InvariantCulture,
            $"| {name} | {start:0.##} | {end:0.##} | {trend.Slope:+0.##;-0.##;0} ({trend.RSquared:0.00}) | {threshold} | {(passed is { } p ? Verdict(p) : "-")} |");

    private static string Verdict(bool passed) => passed ? "PASS" : "FAIL";
}
