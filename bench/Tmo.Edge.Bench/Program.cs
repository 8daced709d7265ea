using System.Globalization;
using System.Text;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using Tmo.Edge.Bench;

// `make bench`: BenchmarkDotNet micro-benchmarks, then single-call decision latencies (median/p99/allocations),
// training wall times and the full `policy eval`; a Markdown summary goes to --results (default bench/results).
var results = args.SkipWhile(a => a != "--results").Skip(1).FirstOrDefault() ?? "bench/results";
Directory.CreateDirectory(results);

var config = ManualConfig.Create(DefaultConfig.Instance)
    .AddJob(Job.ShortRun)
    .WithArtifactsPath(Path.Combine(results, "benchmarkdotnet"));
BenchmarkRunner.Run<PolicyBenchmarks>(config);

var setup = await BenchSetup.LoadAsync();
var latencies = DecisionLatency.Measure(setup, calls: 1_000_000);
var training = TrainingWallTime.Measure(setup, repetitions: 5);
var evaluation = await TrainingWallTime.FullEvaluationSeconds(setup.Dataset, setup);

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

report.AppendLine();
report.AppendLine(CultureInfo.InvariantCulture, $"Shield overhead: {latencies[1].MedianUs / latencies[0].MedianUs:F2}x the bare network at the median.");
report.AppendLine();
report.AppendLine("## Training wall time, 30,000 steps on M4A1 (median of 5 runs, one thread)");
report.AppendLine();
report.AppendLine("| Method | Median (s) | Min (s) | Max (s) | Steps/s | vs A2C |");
report.AppendLine("|---|---|---|---|---|---|");
var a2c = training.Single(t => t.Method == "A2C").MedianS;
foreach (var t in training)
{
    report.AppendLine(CultureInfo.InvariantCulture, $"| {t.Method} | {t.MedianS:F3} | {t.MinS:F3} | {t.MaxS:F3} | {t.Steps / t.MedianS:N0} | {t.MedianS / a2c:F2}x |");
}

report.AppendLine();
report.AppendLine(CultureInfo.InvariantCulture, $"## Full `policy eval` (3 seeds, 11 methods, + shield variants): {evaluation:F1} s wall time");
var summary = report.ToString();
await File.WriteAllTextAsync(Path.Combine(results, "summary.md"), summary);
Console.WriteLine(summary);
Console.WriteLine($"Written to {Path.GetFullPath(Path.Combine(results, "summary.md"))}");
