using System.Globalization;
using System.Text;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace Tmo.Edge.Bench;

/// <summary>Runs <see cref="TelemetryBenchmarks"/> and writes its section of the Markdown summary.</summary>
internal static class TelemetryReport
{
    public static string Run(IConfig config)
    {
        var summary = BenchmarkRunner.Run<TelemetryBenchmarks>(config);
        var report = new StringBuilder();
        report.AppendLine("## Telemetry (BenchmarkDotNet, AGX Orin fixture tree; target for one sample: under 200 us)");
        report.AppendLine();
        report.AppendLine("| Benchmark | Mean (us) | StdDev (us) | Allocated (B/op) |");
        report.AppendLine("|---|---|---|---|");
        foreach (var r in summary.Reports)
        {
            var stats = r.ResultStatistics;
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo.Trim('\'')} | {stats?.Mean / 1000:F2} | {stats?.StandardDeviation / 1000:F2} | {r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase)} |");
        }

        return report.ToString();
    }
}
