using System.Diagnostics;
using Tmo.Edge.Policy.Dataset;
using Tmo.Edge.Policy.Evaluation;
using Tmo.Edge.Policy.Training;

namespace Tmo.Edge.Bench;

/// <summary>Wall time of 30,000 training steps per method on M4A1 (median of several runs, one core).</summary>
internal static class TrainingWallTime
{
    public static IReadOnlyList<WallTimeResult> Measure(BenchSetup setup, int repetitions)
    {
        var setupSteps = new TrainingSetup();
        string[] methods = ["A2C", "RC-A2C", "PPO", "RC-PPO", "DQN", "RC-DQN"];
        return methods
            .Select(name =>
            {
                var method = MethodSpec.Named(name);
                MethodTrainer.Train(method, setup.Workspace, setupSteps with { Steps = 2_000 });
                var seconds = Enumerable.Range(0, repetitions).Select(_ =>
                {
                    var clock = Stopwatch.StartNew();
                    MethodTrainer.Train(method, setup.Workspace, setupSteps);
                    return clock.Elapsed.TotalSeconds;
                }).Order().ToArray();
                return new WallTimeResult(name, setupSteps.Steps, seconds[seconds.Length / 2], seconds[0], seconds[^1]);
            })
            .ToArray();
    }

    public static async Task<double> FullEvaluationSeconds(DialogueDataset dataset, BenchSetup setup)
    {
        var clock = Stopwatch.StartNew();
        await ComparisonRunner.RunAsync(dataset, setup.Scenario, new ComparisonOptions { Shield = true });
        return clock.Elapsed.TotalSeconds;
    }
}

internal sealed record WallTimeResult(string Method, int Steps, double MedianS, double MinS, double MaxS);
