using System.Globalization;
using System.Text;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using Tmo.Edge.Bench;

// `make bench`: BenchmarkDotNet micro-benchmarks, then single-call decision latencies (median/p99/allocations),
// training wall times and the full `policy eval`; a Markdown summary goes to --results (default bench/results).
var results = args.SkipWhile(a => a != "--results").Skip(1).FirstOrDefault() ?? "bench/results";
var daemonOnly = args.Contains("--daemon-only");
var runnersOnly = args.Contains("--runners-only");
Directory.CreateDirectory(results);
DaemonChildProcess.DaemonDirectory = args.SkipWhile(a => a != "--daemon-dir").Skip(1).FirstOrDefault();
DaemonChildProcess.RuntimeSettings = args.Zip(args.Skip(1)).Where(p => p.First == "--daemon-env").Select(p => p.Second.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1]);
// A shared 2-core machine can take longer than BenchmarkDotNet's default 2 minutes to build the benchmark project.
var benchmarkConfig = ManualConfig.Create(DefaultConfig.Instance)
    .AddJob(Job.ShortRun)
    .WithBuildTimeout(TimeSpan.FromMinutes(10))
    .WithArtifactsPath(Path.Combine(results, "benchmarkdotnet"));
if (args.Contains("--telemetry-only"))
{
    // Quick look at the telemetry paths alone: in process, no benchmark project to build.
    var inProcess = ManualConfig.Create(DefaultConfig.Instance)
        .AddJob(Job.ShortRun.WithToolchain(BenchmarkDotNet.Toolchains.InProcess.Emit.InProcessEmitToolchain.Instance))
        .WithArtifactsPath(Path.Combine(results, "benchmarkdotnet"));
    var telemetryOnly = TelemetryReport.Run(inProcess);
    await File.WriteAllTextAsync(Path.Combine(results, "telemetry.md"), telemetryOnly);
    Console.WriteLine(telemetryOnly);
    return;
}

var setup = await BenchSetup.LoadAsync();
if (args.Contains("--soak"))
{
    // `make soak`: the daemon under a fixed-rate replay for SOAK_MINUTES; not part of `make bench`.
    var soak = await Tmo.Edge.Bench.Soak.SoakRun.RunAsync(setup, Tmo.Edge.Bench.Soak.SoakSettings.FromEnvironment(), CancellationToken.None);
    await File.WriteAllTextAsync(Path.Combine(results, "soak.csv"), soak.Csv());
    await File.WriteAllTextAsync(Path.Combine(results, "soak.md"), soak.Markdown());
    Console.WriteLine(soak.Markdown());
    Environment.ExitCode = soak.Passed ? 0 : 1;
    return;
}

if (daemonOnly)
{
    // The daemon's part alone: daemon.json and daemon.md (scripts/bench-docs puts the latter into the docs).
    var daemon = await DaemonBench.RunAsync(setup, results, turnsPerRun: 5_000);
    Console.WriteLine(daemon.ToMarkdown());
    Console.WriteLine($"Written to {Path.GetFullPath(Path.Combine(results, "daemon.json"))}");
    return;
}

IReadOnlyList<LatencyResult> latencies = [];
IReadOnlyList<WallTimeResult> training = [];
var evaluation = double.NaN;
var telemetry = string.Empty;
if (!runnersOnly)
{
    BenchmarkRunner.Run<PolicyBenchmarks>(benchmarkConfig);
    telemetry = TelemetryReport.Run(benchmarkConfig);
    latencies = DecisionLatency.Measure(setup, calls: 1_000_000);
    training = TrainingWallTime.Measure(setup, repetitions: 5);
    evaluation = await TrainingWallTime.FullEvaluationSeconds(setup.Dataset, setup);
}

var daemonReport = runnersOnly ? null : await DaemonBench.RunAsync(setup, results, turnsPerRun: 5_000);
var overhead = await LocalRunnerOverhead.MeasureAsync(calls: 100);

var report = new StringBuilder();
report.AppendLine(CultureInfo.InvariantCulture, $"# Tmo.Edge benchmark ({Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSArchitecture}, .NET {Environment.Version})");
report.AppendLine();
report.AppendLine("## Decision latency, observation to masked action (1,000,000 single calls, RC-A2C on M4A1)");
report.AppendLine();
report.AppendLine("| Path | Median (us) | p99 (us) | Allocated (B/call) |");
report.AppendLine("|---|---|---|---|");
foreach (var l in latencies)
{
    report.AppendLine(CultureInfo.InvariantCulture, $"| {l.Name} | {l.MedianUs:F2} | {l.P99Us:F2} | {l.BytesPerCall:F3} |");
}

if (latencies.Count == 2)
{
    report.AppendLine();
    report.AppendLine(CultureInfo.InvariantCulture, $"Shield overhead: {latencies[1].MedianUs / latencies[0].MedianUs:F2}x the bare network at the median.");
}

report.AppendLine();
report.AppendLine("## Training wall time, 30,000 steps on M4A1 (median of 5 runs, one thread)");
report.AppendLine();
report.AppendLine("| Method | Median (s) | Min (s) | Max (s) | Steps/s | vs A2C |");
report.AppendLine("|---|---|---|---|---|---|");
var a2c = training.FirstOrDefault(t => t.Method == "A2C")?.MedianS ?? double.NaN;
foreach (var t in training)
{
    report.AppendLine(CultureInfo.InvariantCulture, $"| {t.Method} | {t.MedianS:F3} | {t.MinS:F3} | {t.MaxS:F3} | {t.Steps / t.MedianS:N0} | {t.MedianS / a2c:F2}x |");
}

report.AppendLine();
report.AppendLine(CultureInfo.InvariantCulture, $"## Full `policy eval` (3 seeds, 11 methods, + shield variants): {evaluation:F1} s wall time");
report.AppendLine();
report.AppendLine("## Daemon end to end through MQTT (replay runner at infinite speed, child process, embedded broker)");
report.AppendLine();
report.AppendLine("Round trip: the device's view (its broker hops included). Added: the daemon's own time from a prompt's arrival to");
report.AppendLine("the broker's acknowledgement of its response, less runner time (metrics histogram, 25 % buckets, interpolated).");
report.AppendLine();
report.Append(daemonReport?.ToMarkdown());
report.AppendLine();
report.AppendLine(CultureInfo.InvariantCulture, $"## Local LLM isolation: `tmo-edge llm-host` child process vs LLamaSharp in process (tiny test GGUF, 1 thread, median of {overhead.Calls} interleaved calls)");
report.AppendLine();
report.AppendLine(CultureInfo.InvariantCulture, $"| Path | 1-token call (ms) | {overhead.LongAnswerTokens}-token call (ms) | Per token (ms) | Decode (tokens/s) |");
report.AppendLine("|---|---|---|---|---|");
report.AppendLine(CultureInfo.InvariantCulture, $"| In process (baseline) | {overhead.InProcessCallMs:F2} | {overhead.InProcessLongMs:F2} | {overhead.InProcessPerTokenMs:F3} | {overhead.InProcessTokensPerSecond:N0} |");
report.AppendLine(CultureInfo.InvariantCulture, $"| Child process, answer only | {overhead.ChildCallMs:F2} | {overhead.ChildLongMs:F2} | {overhead.ChildPerTokenMs:F3} | {overhead.ChildTokensPerSecond:N0} |");
report.AppendLine(CultureInfo.InvariantCulture, $"| Child process, every token streamed | {overhead.ChildStreamingCallMs:F2} | {overhead.ChildStreamingLongMs:F2} | {overhead.ChildStreamingPerTokenMs:F3} | {overhead.ChildStreamingTokensPerSecond:N0} |");
report.AppendLine();
report.AppendLine(CultureInfo.InvariantCulture,
    $"Isolation overhead: {overhead.ChildCallMs - overhead.InProcessCallMs:F2} ms per call, {overhead.ChildStreamingPerTokenMs - overhead.InProcessPerTokenMs:F3} ms per streamed token.");

report.Append(telemetry);
var summary = report.ToString();
await File.WriteAllTextAsync(Path.Combine(results, "summary.md"), summary);
Console.WriteLine(summary);
Console.WriteLine($"Written to {Path.GetFullPath(Path.Combine(results, "summary.md"))}");
