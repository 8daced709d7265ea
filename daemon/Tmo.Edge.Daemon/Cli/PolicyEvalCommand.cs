using System.CommandLine;
using System.Diagnostics;
using Tmo.Edge.Daemon.LivePath;
using Tmo.Edge.Policy.Costs;
using Tmo.Edge.Policy.Dataset;
using Tmo.Edge.Policy.Environment;
using Tmo.Edge.Policy.Evaluation;
using Tmo.Edge.Policy.Training;

namespace Tmo.Edge.Daemon.Cli;

/// <summary>`tmo-edge policy eval`: trains every learning method per seed and compares all methods on the test split.</summary>
internal static class PolicyEvalCommand
{
    public static Command Create(TimeProvider time)
    {
        var data = CommonOptions.Data();
        var seeds = new Option<string>("--seeds") { Description = "Comma-separated seeds; each gives a split (unless --test-ids) and a training run.", DefaultValueFactory = _ => "1,2,3" };
        var testIds = new Option<string?>("--test-ids") { Description = "File with one test episode id per line: the test split is exactly those episodes." };
        var methods = new Option<string>("--methods") { Description = $"Comma-separated methods: {string.Join(", ", MethodSpec.All.Select(m => m.Name))}.", DefaultValueFactory = _ => string.Join(",", MethodSpec.All.Select(m => m.Name)) };
        var json = new Option<string?>("--json") { Description = "Also write the results as JSON to this file." };
        var steps = CommonOptions.Steps();
        var history = CommonOptions.History();
        var latencyBudget = CommonOptions.LatencyBudget();
        var usageBudget = CommonOptions.UsageBudget();
        var device = CommonOptions.Device();
        var cloud = CommonOptions.Cloud();
        var shield = new Option<bool>("--shield") { Description = "Also report every method with the budget shield (profile costs as expected costs), suffixed +Shield." };
        var maxTurns = new Option<int>("--max-dialogue-turns") { Description = "Longest dialogue the shield reserves budget for (as the daemon's Budgets:MaxDialogueTurns).", DefaultValueFactory = _ => 5 };
        var live = new Option<bool>("--live") { Description = "Score every method through the daemon's own decision code (turn processor, shield, replay runners' quotes, live-cost bounds) instead of offline; adds nothing with --shield, the daemon's shield is always on." };
        var syntheticFallback = new Option<bool>("--synthetic-fallback") { Description = "Use a seeded synthetic dialogue set when M4A1 is not found (the demo does).", Hidden = true };

        var command = new Command("eval", "Compare Random, Local, Cloud, bandits and (RC-)A2C/PPO/DQN on the test split.")
        {
            data, seeds, testIds, methods, json, steps, history, latencyBudget, usageBudget, device, cloud, shield, maxTurns, live, syntheticFallback,
        };
        command.SetAction((parse, cancellationToken) => CliErrors.GuardAsync(parse, async (stdout, stderr) =>
        {
            var dataset = await DatasetSource.LoadAsync(parse.GetValue(data), parse.GetValue(syntheticFallback), stderr, cancellationToken);
            var scenario = OffloadingScenario.For(
                dataset, DeviceProfile.Named(parse.GetValue(device)!), CloudProfile.Named(parse.GetValue(cloud)!, dataset.ModalityCount));
            var options = new ComparisonOptions
            {
                Seeds = ParseSeeds(parse.GetValue(seeds)!),
                Methods = parse.GetValue(methods)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(MethodSpec.Named).ToArray(),
                Training = new TrainingSetup(parse.GetValue(steps), parse.GetValue(history)),
                Budgets = new EvaluationBudgets(parse.GetValue(latencyBudget), parse.GetValue(usageBudget)),
                Shield = parse.GetValue(shield),
                MaxDialogueTurns = parse.GetValue(maxTurns),
                LivePath = parse.GetValue(live) ? LivePathFor(dataset, parse.GetValue(latencyBudget), parse.GetValue(usageBudget), parse.GetValue(maxTurns), time) : null,
                TestIds = parse.GetValue(testIds) is { } file ? await DatasetSplit.ReadTestIdsAsync(file, cancellationToken) : null,
            };

            var clock = Stopwatch.StartNew();
            var report = await TerminalProgress.CountAsync(stdout, "Training and evaluating", progress => ComparisonRunner.RunAsync(
                dataset, scenario, options, progress is null ? null : new Progress<ComparisonProgress>(p => progress.Report((p.Done, p.Total))), cancellationToken));

            await stdout.WriteLineAsync($"Dataset: {dataset.Source} ({dataset.Episodes.Count} dialogues, {dataset.TurnCount} turns, X = {dataset.ModalityCount}); " +
                $"device {scenario.Costs.Device.Name}, cloud {scenario.Costs.Cloud.Name}; {options.Training.Steps:N0} steps, {options.Training.History.ToString().ToLowerInvariant()} history.");
            await stdout.WriteLineAsync(ComparisonTable.Render(report));
            await stdout.WriteLineAsync($"Wall time: {clock.Elapsed.TotalSeconds:F1} s.");
            if (parse.GetValue(json) is { } jsonPath)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(jsonPath))!);
                await File.WriteAllTextAsync(jsonPath, ComparisonJson.Serialize(report), cancellationToken);
                await stdout.WriteLineAsync($"JSON written to {Path.GetFullPath(jsonPath)}");
            }
        }));
        return command;
    }

    private static LivePathEvaluation LivePathFor(DialogueDataset dataset, double latencyS, double usageUsd, int maxDialogueTurns, TimeProvider time)
    {
        var evaluator = new LivePathEvaluator(dataset, new EvaluationBudgets(latencyS, usageUsd), maxDialogueTurns, time);
        return evaluator.EvaluateAsync;
    }

    private static int[] ParseSeeds(string text)
    {
        var seeds = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.TryParse(s, out var seed) ? seed : throw new FormatException($"--seeds: '{s}' is not an integer."))
            .ToArray();
        return seeds.Length != 0 ? seeds : throw new FormatException("--seeds needs at least one seed.");
    }
}
