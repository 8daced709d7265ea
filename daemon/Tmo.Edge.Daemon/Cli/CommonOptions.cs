using System.CommandLine;
using Tmo.Edge.Policy.Costs;
using Tmo.Edge.Policy.Dataset;
using Tmo.Edge.Policy.Environment;

namespace Tmo.Edge.Daemon.Cli;

/// <summary>Options shared by the policy commands.</summary>
internal static class CommonOptions
{
    public static Option<string?> Data() => new("--data")
    {
        Description = $"M4A1 JSON file (default: ${DatasetLocator.EnvironmentVariable}, else {DatasetLocator.DefaultRelativePath} beside the repository).",
    };

    public static Option<string> Device() => new("--device")
    {
        Description = $"Local device profile: {string.Join(", ", DeviceProfile.Known.Select(d => $"'{d.Name}'"))}.",
        DefaultValueFactory = _ => DeviceProfile.Default.Name,
    };

    public static Option<string> Cloud() => new("--cloud")
    {
        Description = $"Cloud link profile: {string.Join(", ", CloudProfile.Known.Select(c => c.Name))}, {CloudProfile.SyntheticName}.",
        DefaultValueFactory = _ => CloudProfile.Default.Name,
    };

    public static Option<HistoryMode> History() => new("--history")
    {
        Description = "Training history: 'own' (the agent's own actions, as evaluation and live use) or 'logged' (the dataset's, as the reference).",
        DefaultValueFactory = _ => Policy.Training.TrainingSetup.DefaultHistory,
    };

    public static Option<int> Steps() => new("--steps")
    {
        Description = "Training steps per learning method.",
        DefaultValueFactory = _ => Policy.Training.TrainingSetup.DefaultSteps,
        Validators = { result => Positive(result) },
    };

    public static Option<double> LatencyBudget() => new("--latency-budget")
    {
        Description = "Per-dialogue latency budget in seconds.",
        DefaultValueFactory = _ => Policy.Evaluation.EvaluationBudgets.Default.LatencyS,
        Validators = { result => Positive(result) },
    };

    public static Option<double> UsageBudget() => new("--usage-budget")
    {
        Description = "Per-dialogue usage budget in USD.",
        DefaultValueFactory = _ => Policy.Evaluation.EvaluationBudgets.Default.UsageUsd,
        Validators = { result => Positive(result) },
    };

    private static void Positive(System.CommandLine.Parsing.OptionResult result)
    {
        if (result.Tokens.Count == 1 && double.TryParse(result.Tokens[0].Value, out var value) && value <= 0)
        {
            result.AddError($"{result.Option.Name} must be greater than 0.");
        }
    }
}
