using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Tmo.Edge.Core.Runners;
using Tmo.Edge.Daemon.LiveCosts;
using Tmo.Edge.Daemon.Telemetry;
using Tmo.Edge.Policy.Actions;
using Tmo.Edge.Policy.Decisions;
using Tmo.Edge.Policy.Evaluation;
using Tmo.Edge.Policy.Training;

namespace Tmo.Edge.Bench;

/// <summary>
/// Telemetry's hot paths: one full sample of the AGX Orin fixture tree (rails, zones, GPU, memory, power mode;
/// target under 200 us), and one decision with live costs (quotes from the measured-cost runners for every action,
/// feasibility from the latest sample, then the shielded policy) against the same decision on static costs.
/// </summary>
[MemoryDiagnoser]
public class TelemetryBenchmarks
{
    private JetsonSource _jetson = null!;
    private OffloadDecider _decider = null!;
    private ActionSpace _actions = null!;
    private ILlmRunner _local = null!;
    private ILlmRunner _cloud = null!;
    private RunnerRequest[] _requests = null!;
    private float[] _observation = null!;
    private float[] _probabilities = null!;
    private MaskedAction[] _masked = null!;
    private double[] _latency = null!;
    private double[] _usage = null!;
    private bool[] _feasible = null!;
    private double[] _staticLatency = null!;
    private double[] _staticUsage = null!;

    public static string AgxOrinFixture
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Tmo.Edge.sln")))
            {
                directory = directory.Parent;
            }

            return Path.Combine(
                directory?.FullName ?? throw new DirectoryNotFoundException("Tmo.Edge.sln not found above the benchmark's directory."),
                "tests", "Tmo.Edge.Daemon.Tests", "Telemetry", "Fixtures", "agx-orin-jp6");
        }
    }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _jetson = new JetsonSource(new SensorFiles(AgxOrinFixture, NullLogger.Instance));
        var sample = _jetson.Read();

        var setup = BenchSetup.Load();
        var scenario = setup.Scenario;
        var policy = MethodTrainer.Train(MethodSpec.Named("RC-A2C"), setup.Workspace, new TrainingSetup(Steps: 5_000)).Training!.Policy;
        _decider = new OffloadDecider(policy);
        _actions = scenario.Actions;
        var options = new TelemetryOptions { WarmUpCalls = 5 };
        var state = new TelemetryState(options, TimeProvider.System);
        state.Update(sample);
        _local = new TelemetryAwareRunner(
            new FixedRunner(RunnerLocation.Local, scenario.Costs.LatencyS[0], scenario.Costs.UsageUsd[0]),
            state, new LocalCostModel(options), LiveQuoting.LatencyAndUsage, NullLogger<TelemetryAwareRunner>.Instance);
        _cloud = new MeasuredCloudRunner(new FixedRunner(RunnerLocation.Cloud, 6.2, 0.009), new CloudCostModel(options), LiveQuoting.LatencyAndUsage);
        _requests = Enumerable.Range(0, _actions.Count)
            .Select(a => new RunnerRequest("bench", 1, "Where did I put my dishes?", "Query", _actions.ViewsOf(a).ToArray(), [], new Dictionary<string, string>()))
            .ToArray();
        foreach (var request in _requests)
        {
            // Warm every model up: a live quote is what a running daemon decides with.
            var runner = ActionSpace.IsCloud(Array.IndexOf(_requests, request)) ? _cloud : _local;
            for (var call = 0; call < options.WarmUpCalls; call++)
            {
                await runner.RunAsync(request, new CostQuote(100, 1), CancellationToken.None);
            }
        }

        var layout = scenario.ObservationFor(resourceConstrained: true);
        _observation = new float[layout.Length];
        var episode = setup.Workspace.Test[0];
        layout.Write(_actions, new int[episode.TurnCount], episode.TaskIds, Math.Min(2, episode.TurnCount - 1), 20, 0.03, _observation);
        _probabilities = new float[_actions.Count];
        _masked = new MaskedAction[_actions.Count];
        _latency = new double[_actions.Count];
        _usage = new double[_actions.Count];
        _feasible = new bool[_actions.Count];
        _staticLatency = scenario.Costs.LatencyS;
        _staticUsage = scenario.Costs.UsageUsd;
    }

    [Benchmark(Description = "One sample, AGX Orin fixture")]
    public double? OneSample() => _jetson.Read().PowerW;

    [Benchmark(Baseline = true, Description = "Decision, static costs")]
    public int DecisionStatic()
    {
        Array.Fill(_feasible, true);
        return _decider.Decide(new DecisionRequest(_observation, _staticLatency, _staticUsage, _feasible, 20, 0.03, new LaterTurnReserve(3, _staticLatency, _staticUsage)), _probabilities, _masked).Action;
    }

    [Benchmark(Description = "Decision, live costs + feasibility")]
    public int DecisionLive()
    {
        for (var a = 0; a < _requests.Length; a++)
        {
            var runner = ActionSpace.IsCloud(a) ? _cloud : _local;
            var quote = runner.Quote(_requests[a]);
            _latency[a] = quote.LatencyS;
            _usage[a] = quote.UsageUsd;
            _feasible[a] = runner.Unavailable is null;
        }

        return _decider.Decide(new DecisionRequest(_observation, _latency, _usage, _feasible, 20, 0.03, new LaterTurnReserve(3, _staticLatency, _staticUsage)), _probabilities, _masked).Action;
    }

    /// <summary>A runner with constant costs, so the benchmark measures the decorators and the decision, not a model.</summary>
    private sealed class FixedRunner(RunnerLocation location, double latencyS, double usageUsd) : ILlmRunner
    {
        public RunnerLocation Location => location;

        public string Name => "fixed";

        public string? Unavailable => null;

        public CostQuote Quote(RunnerRequest request) => new(latencyS, usageUsd);

        public Task<RunnerResult> RunAsync(RunnerRequest request, CostQuote ceiling, CancellationToken cancellationToken) =>
            Task.FromResult(new RunnerResult("answer", latencyS, usageUsd, 0));
    }
}
