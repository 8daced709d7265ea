using Tmo.Edge.Policy.Checkpoints;
using Tmo.Edge.Policy.Evaluation;
using Tmo.Edge.Policy.Training;

namespace Tmo.Edge.Bench;

/// <summary>
/// The daemon's part of `make bench` (alone with --daemon-only), in one run: the transport's ceiling (Mosquitto
/// alone), cold start to READY, then throughput, CPU, added latency and memory at 1 and 32 dialogues. Writes
/// daemon.json and daemon.md to the results folder.
/// </summary>
internal static class DaemonBench
{
    private const int ColdStarts = 3;

    public static async Task<DaemonReport> RunAsync(BenchSetup setup, string results, int turnsPerRun)
    {
        var loadAverage = (await File.ReadAllTextAsync("/proc/loadavg")).Split(' ')[0];
        var directory = Directory.CreateTempSubdirectory("tmo-bench-").FullName;
        try
        {
            var checkpoint = PolicyTraining.Train(setup.Dataset, setup.Workspace, MethodSpec.Named("RC-A2C"), new TrainingSetup(), EvaluationBudgets.Default, TimeProvider.System);
            var checkpointPath = Path.Combine(directory, "policy.json");
            await CheckpointCodec.SaveAsync(checkpoint, checkpointPath);
            var baseline = await MosquittoBaseline.MeasureAsync(setup, directory, messages: 4 * turnsPerRun);
            var coldStarts = await ColdStart.MeasureAsync(directory, checkpointPath, setup.Dataset.Source, ColdStarts);
            var throughput = await DaemonThroughput.MeasureAsync(setup, directory, checkpointPath, turnsPerRun);
            var report = DaemonReport.From(throughput.Runs, throughput.RssIdleMiB, coldStarts, baseline, loadAverage) with
            {
                WarmUp = throughput.WarmUp,
                Paced = throughput.Paced,
            };
            await File.WriteAllTextAsync(Path.Combine(results, "daemon.json"), report.ToJson());
            await File.WriteAllTextAsync(Path.Combine(results, "daemon.md"), report.ToMarkdown());
            return report;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
