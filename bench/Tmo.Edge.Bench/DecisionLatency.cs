using System.Diagnostics;
using Tmo.Edge.Policy.Decisions;
using Tmo.Edge.Policy.Evaluation;
using Tmo.Edge.Policy.Learning;
using Tmo.Edge.Policy.Training;

namespace Tmo.Edge.Bench;

/// <summary>
/// Observation to masked action, one call at a time: median and p99 of single-call latencies and bytes allocated per
/// call, for the full shielded decision and, as the in-run baseline, the bare network arg-max.
/// </summary>
internal static class DecisionLatency
{
    private const int Observations = 4_096;

    public static IReadOnlyList<LatencyResult> Measure(BenchSetup setup, int calls)
    {
        var trained = MethodTrainer.Train(MethodSpec.Named("RC-A2C"), setup.Workspace, new TrainingSetup()).Training!;
        var policy = trained.Policy;
        var scenario = setup.Scenario;
        var layout = scenario.ObservationFor(resourceConstrained: true);
        var random = new Random(1);
        var observations = new float[Observations][];
        for (var i = 0; i < Observations; i++)
        {
            var episode = setup.Workspace.Test[random.Next(setup.Workspace.Test.Count)];
            var actions = Enumerable.Range(0, episode.TurnCount).Select(_ => random.Next(scenario.Actions.Count)).ToArray();
            observations[i] = new float[layout.Length];
            layout.Write(scenario.Actions, actions, episode.TaskIds, random.Next(episode.TurnCount), random.NextDouble() * 30, random.NextDouble() * 0.05, observations[i]);
        }

        var decider = new OffloadDecider(policy);
        var probabilities = new float[scenario.Actions.Count];
        var masked = new MaskedAction[scenario.Actions.Count];
        var feasible = new bool[scenario.Actions.Count];
        Array.Fill(feasible, true);
        var latency = scenario.Costs.LatencyS;
        var usage = scenario.Costs.UsageUsd;

        var network = Run("NeuralPolicy.Decide (network arg-max, baseline)", calls, i =>
            policy.Decide(observations[i % Observations], [], probabilities));
        var shielded = Run("OffloadDecider.Decide (shield + arg-max)", calls, i =>
        {
            var observation = observations[i % Observations];
            var request = new DecisionRequest(observation, latency, usage, feasible, observation[^2], observation[^1], new LaterTurnReserve(4 - (i % 5), latency, usage));
            return decider.Decide(request, probabilities, masked).Action;
        });
        return [network, shielded];
    }

    private static LatencyResult Run(string name, int calls, Func<int, int> decide)
    {
        var sink = 0;
        for (var i = 0; i < 50_000; i++)
        {
            sink += decide(i);
        }

        var ticks = new long[calls];
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < calls; i++)
        {
            var start = Stopwatch.GetTimestamp();
            sink += decide(i);
            ticks[i] = Stopwatch.GetTimestamp() - start;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Array.Sort(ticks);
        GC.KeepAlive(sink);
        return new LatencyResult(name, Microseconds(ticks[calls / 2]), Microseconds(ticks[(int)(calls * 0.99)]), (double)allocated / calls);
    }

    private static double Microseconds(long ticks) => ticks * 1e6 / Stopwatch.Frequency;
}

internal sealed record LatencyResult(string Name, double MedianUs, double P99Us, double BytesPerCall);
