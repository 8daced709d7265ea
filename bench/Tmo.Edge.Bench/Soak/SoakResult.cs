using System.Globalization;
using System.Text;

namespace Tmo.Edge.Bench.Soak;

/// <summary>
/// What a soak measured, and its verdict: after the warm-up, least-squares slopes per hour of resident memory, open
/// handles and threads, and the added-latency p99 of the first window against the last; plus every acknowledged
/// prompt answered exactly once.
/// </summary>
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

    /// <summary>p99 (ms) of the first window after the warm-up.</summary>
    public double FirstWindowP99Ms => WindowP99(Settings.WarmUp.TotalSeconds, Settings.WarmUp.TotalSeconds + Settings.Window.TotalSeconds);

    /// <summary>p99 (ms) of the last window of the replay.</summary>
    public double LastWindowP99Ms => WindowP99(PlayedS - Settings.Window.TotalSeconds, PlayedS);

    public bool Passed =>
        !DaemonExited && Sent > 0 && Answered == Sent && Duplicates == 0
        && RssTrend.Slope < SoakSettings.MaxRssSlopeMiBPerHour
        && HandleTrend.Slope < SoakSettings.MaxHandleSlopePerHour
        && ThreadTrend.Slope < SoakSettings.MaxThreadSlopePerHour
        && LastWindowP99Ms <= SoakSettings.MaxP99Ratio * FirstWindowP99Ms;

    public string Csv()
    {
        var csv = new StringBuilder("elapsed_s,rss_mib,open_handles,threads,cpu_s,gc_heap_mib,gc_committed_mib,sqlite_mib,sent,responses,interval_p99_ms,interval_count\n");
        foreach (var s in Samples)
        {
            csv.AppendLine(CultureInfo.InvariantCulture,
                $"{s.ElapsedS:F1},{s.Process.RssMiB:F2},{s.Process.OpenHandles},{s.Process.Threads},{s.Process.CpuSeconds:F2},{s.GcHeapMiB:F2},{s.GcCommittedMiB:F2},{s.SqliteMiB:F2},{s.Sent},{s.Answered},{s.IntervalP99Ms:F3},{s.IntervalCount}");
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
        Row(md, "Resident memory (MiB)", first.Process.RssMiB, last.Process.RssMiB, RssTrend, $"< {SoakSettings.MaxRssSlopeMiBPerHour} MiB/h", RssTrend.Slope < SoakSettings.MaxRssSlopeMiBPerHour);
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
            "extrapolate minutes of noise (a GC, a thread-pool thread) to an hour, so the thresholds are meant for the 30-minute run.");
        return md.ToString();
    }

    private Trend PerHour(Func<SoakSample, double> value)
    {
        var settled = Settled;
        var trend = Trend.Fit(settled.Select(s => s.ElapsedS / 3600).ToList(), settled.Select(value).ToList());
        return trend;
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
