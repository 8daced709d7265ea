using System.CommandLine;
using System.Diagnostics;
using Tmo.Edge.Daemon.LivePath;
using Tmo.Edge.Policy.Adaptation;
using Tmo.Edge.Policy.Costs;
using Tmo.Edge.Policy.Dataset;
using Tmo.Edge.Policy.Environment;
using Tmo.Edge.Policy.Evaluation;
using Tmo.Edge.Policy.Training;

namespace Tmo.Edge.Daemon.Cli;

/// <summary>
/// `tmo-edge policy adapt` (`make adapt`): the drift benchmark. Trains the shipped policy (`--algo auto`) on the seed's
/// split, then per scenario replays the dataset in a drifted world through the daemon's decision code, static and
/// adapting side by side, and writes adaptation.json, adaptation.md and adaptation.svg. A CLI command rather than a
/// bench project: it runs the daemon's own turn processor, as `policy eval --live` does.
/// </summary>
internal static class PolicyAdaptCommand
{
    private static readonly string[] ScenarioNames = ["local-worse", "cloud-price-x3", "local-better", "cloud-worse"];

    public static Command Create()
    {
        var data = CommonOptions.Data();
        var defaults = new AdaptationSettings();
        var dialogues = new Option<int>("--dialogues") { Description = "Dialogues replayed per scenario.", DefaultValueFactory = _ => defaults.Dialogues };
        var scenarios = new Option<string>("--scenarios") { Description = $"Comma-separated scenarios: {string.Join(", ", ScenarioNames)}.", DefaultValueFactory = _ => string.Join(",", ScenarioNames) };
        var seed = new Option<int>("--seed") { Description = "Seed of the split, the shipped policy, the dialogue stream and the judge.", DefaultValueFactory = _ => defaults.Seed };
        var judgeShare = new Option<double>("--judge-share") { Description = "Share of answered turns the judge rates.", DefaultValueFactory = _ => defaults.JudgeShare };
        var judgeCap = new Option<double>("--judge-cap") { Description = "The judge's daily USD cap (its calls and the shadow answers).", DefaultValueFactory = _ => defaults.JudgeDailyCapUsd };
        var steps = new Option<int>("--steps") { Description = "Training steps per challenger candidate.", DefaultValueFactory = _ => defaults.Learning.Steps };
        var results = new Option<string>("--results") { Description = "Folder for adaptation.json, adaptation.md and adaptation.svg.", DefaultValueFactory = _ => "bench/results" };
        var device = CommonOptions.Device();
        var cloud = CommonOptions.Cloud();

        var command = new Command("adapt", "Drift benchmark: the shipped policy against one that learns on the device, in drifted worlds.")
        {
            data, dialogues, scenarios, seed, judgeShare, judgeCap, steps, results, device, cloud,
        };
        command.SetAction((parse, cancellationToken) => CliErrors.GuardAsync(parse, async (stdout, stderr) =>
        {
            var dataset = await DatasetSource.LoadAsync(parse.GetValue(data), syntheticFallback: false, stderr, cancellationToken);
            var scenario = OffloadingScenario.For(
                dataset, DeviceProfile.Named(parse.GetValue(device)!), CloudProfile.Named(parse.GetValue(cloud)!, dataset.ModalityCount));
            var settings = defaults with
            {
                Dialogues = Positive(parse.GetValue(dialogues), "--dialogues"),
                Seed = parse.GetValue(seed),
                JudgeShare = parse.GetValue(judgeShare),
                JudgeDailyCapUsd = parse.GetValue(judgeCap),
                Learning = defaults.Learning with { Steps = Positive(parse.GetValue(steps), "--steps") },
            };
            var selected = parse.GetValue(scenarios)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (selected.FirstOrDefault(s => !ScenarioNames.Contains(s, StringComparer.Ordinal)) is { } unknown)
            {
                throw new FormatException($"--scenarios: unknown scenario '{unknown}'. Known: {string.Join(", ", ScenarioNames)}.");
            }

            var clock = Stopwatch.StartNew();
            var workspace = new SplitWorkspace(scenario, DatasetSplit.BySeed(dataset, settings.Seed), settings.Seed);
            var shipped = await Task.Run(() => MethodTrainer.Train(MethodSpec.Shipped, workspace, new TrainingSetup(), cancellationToken: cancellationToken), cancellationToken);
            await stdout.WriteLineAsync($"Shipped policy: {shipped.Selected} (auto selection, seed {settings.Seed}) in {clock.Elapsed.TotalSeconds:F1} s.");

            var benchmark = new AdaptationBenchmark(dataset, workspace, shipped, settings);
            var (mostLocal, leastLocal) = benchmark.DriftTasks();
            var drifts = selected.Select(name => name switch
            {
                "local-worse" => WorldDrift.LocalWorseAt(mostLocal),
                "cloud-price-x3" => WorldDrift.CloudPriceTriples(),
                "cloud-worse" => WorldDrift.CloudWorseAt(leastLocal),
                _ => WorldDrift.LocalBetterAt(leastLocal),
            }).ToArray();
            var outcomes = new AdaptationResult[drifts.Length];
            await TerminalProgress.CountAsync(stdout, "Replaying drifted worlds", async progress =>
            {
                var done = 0;
                var total = drifts.Length * settings.Dialogues;
                var counter = progress is null ? null : new Progress<int>(_ => progress.Report((Interlocked.Increment(ref done), total)));
                await Parallel.ForEachAsync(
                    Enumerable.Range(0, drifts.Length),
                    new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = System.Environment.ProcessorCount },
                    async (i, ct) => outcomes[i] = await Task.Run(() => benchmark.RunAsync(drifts[i], counter, ct), ct));
                return outcomes;
            });

            var folder = parse.GetValue(results)!;
            Directory.CreateDirectory(folder);
            var markdown = AdaptationReport.Markdown(outcomes, settings);
            await File.WriteAllTextAsync(Path.Combine(folder, "adaptation.json"), AdaptationReport.Json(outcomes, settings), cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(folder, "adaptation.md"), markdown, cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(folder, "adaptation.svg"), AdaptationChart.Svg(outcomes, settings.RecoveryWindow), cancellationToken);
            await stdout.WriteLineAsync(markdown);
            await stdout.WriteLineAsync($"Wall time: {clock.Elapsed.TotalSeconds:F1} s. Results in {Path.GetFullPath(folder)}.");
        }));
        return command;
    }

    private static int Positive(int value, string option) =>
        value > 0 ? value : throw new FormatException($"{option} must be greater than 0.");
}
