using System.CommandLine;
using System.Globalization;
using Tmo.Edge.Policy.Checkpoints;
using Tmo.Edge.Policy.Costs;
using Tmo.Edge.Policy.Dataset;
using Tmo.Edge.Policy.Environment;
using Tmo.Edge.Policy.Evaluation;
using Tmo.Edge.Policy.Learning;
using Tmo.Edge.Policy.Training;

namespace Tmo.Edge.Daemon.Cli;

/// <summary>
/// `tmo-edge policy train`: trains one RL policy on the training split and writes a checkpoint. Several --data sets are
/// merged (<see cref="TrainingSets"/>): the split and the training dialogues span them all, and each set's rated turns
/// carry its --weight in the k-NN response estimator.
/// </summary>
internal static class PolicyTrainCommand
{
    public static Command Create(TimeProvider time)
    {
        var data = new Option<string[]>("--data") { Description = TrainingSets.DataHelp };
        var weight = new Option<string[]>("--weight") { Description = TrainingSets.WeightHelp };
        var algorithm = new Option<string>("--algo")
        {
            Description = "auto (train the candidates, keep the best on a validation split: what the daemon ships), or one learning algorithm: a2c, ppo or dqn.",
            DefaultValueFactory = _ => Auto,
        };
        algorithm.AcceptOnlyFromAmong(Auto, "a2c", "ppo", "dqn");
        var resourceConstrained = new Option<bool>("--rc") { Description = "Resource-constrained (RCRL): budgets in the observation, zero reward after an overrun (not with auto, which chooses)." };
        var steps = CommonOptions.Steps();
        var seed = new Option<int>("--seed") { Description = "Seed of the split, the environment and the learner.", DefaultValueFactory = _ => 1 };
        var history = CommonOptions.History();
        var budgets = new Option<BudgetDistribution>("--budgets") { Description = "RC training budget distribution: normal, uniform or extremeaware.", DefaultValueFactory = _ => BudgetDistribution.Normal };
        var device = CommonOptions.Device();
        var cloud = CommonOptions.Cloud();
        var latencyBudget = CommonOptions.LatencyBudget();
        var usageBudget = CommonOptions.UsageBudget();
        var output = new Option<string?>("--out") { Description = "Checkpoint file (default: policy-<method>-seed<N>.json)." };

        var command = new Command("train", "Train an RCRL policy on M4A1 (and the device's own exported dialogues) and write a checkpoint.")
        {
            data, weight, algorithm, resourceConstrained, steps, seed, history, budgets, device, cloud, latencyBudget, usageBudget, output,
        };
        command.SetAction((parse, cancellationToken) => CliErrors.GuardAsync(parse, async (stdout, stderr) =>
        {
            var (merged, parts) = await TrainingSets.LoadAsync(parse.GetValue(data) ?? [], parse.GetValue(weight) ?? [], stderr, cancellationToken);
            var dataset = merged.Dataset;
            if (parts.Count > 1)
            {
                await stdout.WriteLineAsync(
                    "Data: " + string.Join(" + ", parts.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Name} ({p.Dataset.Episodes.Count} dialogues, weight {p.Weight:G})"))) +
                    $"; {dataset.Tasks.Count} tasks.");
            }

            var scenario = OffloadingScenario.For(
                dataset, DeviceProfile.Named(parse.GetValue(device)!), CloudProfile.Named(parse.GetValue(cloud)!, dataset.ModalityCount));
            var method = MethodFor(parse.GetValue(algorithm)!, parse.GetValue(resourceConstrained));
            var seedValue = parse.GetValue(seed);
            var workspace = new SplitWorkspace(scenario, DatasetSplit.BySeed(dataset, seedValue), seedValue, merged.EpisodeWeights);
            var setup = new TrainingSetup(parse.GetValue(steps), parse.GetValue(history), parse.GetValue(budgets));
            if (parse.GetResult(steps) is { Implicit: false })
            {
                // Auto's candidates train longer than one method by default; an explicit --steps applies to them too.
                setup = setup with { Auto = setup.Auto with { Steps = null } };
            }

            var evaluationBudgets = new EvaluationBudgets(parse.GetValue(latencyBudget), parse.GetValue(usageBudget));

            var checkpoint = await TerminalProgress.TrainAsync(stdout, method.Name, progress =>
                PolicyTraining.Train(dataset, workspace, method, setup, evaluationBudgets, time, progress, cancellationToken));
            var path = parse.GetValue(output) ?? $"policy-{method.Name.ToLowerInvariant()}-seed{seedValue}.json";
            await CheckpointCodec.SaveAsync(checkpoint, path, cancellationToken);

            await stdout.WriteLineAsync(
                $"Trained {method.Name} ({checkpoint.PolicyVersion}) for {checkpoint.Metrics.Steps:N0} steps in {checkpoint.Metrics.WallTimeS:F2} s " +
                $"({checkpoint.Metrics.Steps / checkpoint.Metrics.WallTimeS:N0} steps/s); mean episode reward {checkpoint.Metrics.MeanEpisodeReward:F3}.");
            if (checkpoint.Selection is { } selection)
            {
                await stdout.WriteLineAsync(SelectionTable.Render(selection));
            }

            await stdout.WriteLineAsync($"Checkpoint written to {Path.GetFullPath(path)}");
        }));
        return command;
    }

    private const string Auto = "auto";

    private static MethodSpec MethodFor(string algorithm, bool resourceConstrained)
    {
        if (algorithm == Auto)
        {
            return resourceConstrained
                ? throw new FormatException("--rc chooses a single algorithm's variant; --algo auto chooses among RC and plain candidates itself.")
                : MethodSpec.Shipped;
        }

        return MethodSpec.ForAlgorithm(Enum.Parse<Algorithm>(algorithm, ignoreCase: true), resourceConstrained);
    }
}
