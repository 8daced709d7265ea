using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Tmo.Edge.Bench;

/// <summary>
/// The daemon's part of `make bench` as the issue asks for it: daemon.json (this shape exactly, for tools) and
/// daemon.md, the Markdown fragment that scripts/bench-docs puts into docs/benchmarks.md and the README.
/// </summary>
internal sealed record DaemonReport(IReadOnlyList<DaemonRun> Runs, double RssIdleMiB, double ColdStartToReadyS, BaselineResult Baseline)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Round trips and peak memory per run, and every cold start: in the Markdown only.</summary>
    public required IReadOnlyList<ThroughputResult> Details { get; init; }

    public required IReadOnlyList<double> ColdStartsS { get; init; }

    /// <summary>The machine's load average (1 minute) when the measurement started: the box may be shared.</summary>
    public required string LoadAverage { get; init; }

    /// <summary>The load it took before the runs for the daemon's JIT to settle: in the Markdown only.</summary>
    public WarmUp? WarmUp { get; init; }

    /// <summary>CPU per prompt at a device's pace: in the Markdown only.</summary>
    public PacedRun? Paced { get; init; }

    public string ToJson() => JsonSerializer.Serialize(new { Runs, RssIdleMiB, ColdStartToReadyS, Baseline }, Json);

    public string ToMarkdown()
    {
        var markdown = new StringBuilder();
        markdown.AppendLine(CultureInfo.InvariantCulture, $"`make bench` on {Environment.ProcessorCount} cores ({System.Runtime.InteropServices.RuntimeInformation.OSArchitecture}, .NET {Environment.Version}), load average {LoadAverage} at the start:");
        markdown.AppendLine();
        markdown.AppendLine("| Dialogues in flight | Prompts/s | Daemon CPU per prompt (ms) | Added p50 / p99 (ms) | Round trip p50 / p99 (ms) | RSS (MiB) | Peak RSS (MiB) |");
        markdown.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var run in Details)
        {
            markdown.AppendLine(CultureInfo.InvariantCulture,
                $"| {run.Concurrency} | {run.PromptsPerSecond:N0} | {run.DaemonCpuMsPerPrompt:F2} | {run.AddedMedianMs:F2} / {run.AddedP99Ms:F2} | {run.MedianMs:F2} / {run.P99Ms:F2} | {run.DaemonRssMb:F0} | {run.DaemonPeakRssMb:F0} |");
        }

        markdown.AppendLine();
        markdown.AppendLine(CultureInfo.InvariantCulture, $"- RSS idle (started, client connected, no load yet): {RssIdleMiB:F0} MiB.");
        if (Paced is { } paced)
        {
            markdown.AppendLine(CultureInfo.InvariantCulture,
                $"- At a device's pace (one dialogue, 20 ms between an answer and the next prompt, {paced.PromptsPerSecond:F0} prompts/s): {paced.CpuMsPerPrompt:F2} ms of daemon CPU per prompt, beyond the {paced.IdleCpuMsPerSecond:F1} ms per second the warm daemon spends idle.");
        }

        if (WarmUp is { } warmUp)
        {
            markdown.AppendLine(CultureInfo.InvariantCulture,
                $"- Warmed up before the runs until the runtime's JIT took under 1 % of the daemon's CPU: {warmUp.Prompts:N0} prompts in {warmUp.Seconds:F0} s (last round {warmUp.LastJitShare:P1}). JIT in the runs: {string.Join(", ", Details.Select(r => r.DaemonJitMs.ToString("F0", CultureInfo.InvariantCulture) + " ms at " + r.Concurrency.ToString(CultureInfo.InvariantCulture)))}.");
        }

        markdown.AppendLine(CultureInfo.InvariantCulture,
            $"- Cold start to systemd READY, checkpoint given, fresh data directory: {ColdStartToReadyS:F2} s (median of {string.Join(", ", ColdStartsS.Select(s => s.ToString("F2", CultureInfo.InvariantCulture)))} s).");
        markdown.AppendLine(CultureInfo.InvariantCulture, $"- Transport ceiling ({Baseline.Name}): {Baseline.MessagesPerSecond:N0} messages/s.");
        return markdown.ToString();
    }

    public static DaemonReport From(IReadOnlyList<ThroughputResult> runs, double rssIdleMiB, IReadOnlyList<double> coldStartsS, BaselineResult baseline, string loadAverage) =>
        new(
            runs.Select(r => new DaemonRun(r.Concurrency, r.PromptsPerSecond, r.DaemonCpuMsPerPrompt, r.AddedMedianMs, r.AddedP99Ms, r.DaemonRssMb)).ToArray(),
            rssIdleMiB,
            coldStartsS.Order().ElementAt(coldStartsS.Count / 2),
            baseline)
        {
            Details = runs,
            ColdStartsS = coldStartsS,
            LoadAverage = loadAverage,
        };
}

internal sealed record DaemonRun(int Dialogues, double PromptsPerSecond, double CpuMsPerPrompt, double AddedP50Ms, double AddedP99Ms, double RssMiB);
