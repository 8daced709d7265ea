using BenchmarkDotNet.Attributes;
using Tmo.Edge.Policy.Decisions;
using Tmo.Edge.Policy.Environment;
using Tmo.Edge.Policy.Evaluation;
using Tmo.Edge.Policy.Learning;
using Tmo.Edge.Policy.Training;

namespace Tmo.Edge.Bench;

/// <summary>BenchmarkDotNet micro-benchmarks of the hot paths: a decision, a k-NN estimate, an environment step.</summary>
[MemoryDiagnoser]
public class PolicyBenchmarks
{
    private NeuralPolicy _policy = null!;
    private OffloadDecider _decider = null!;
    private KnnResponseEstimator _estimator = null!;
    private OffloadingEnvironment _environment = null!;
    private float[] _observation = null!;
    private float[] _query = null!;
    private float[] _probabilities = null!;
    private MaskedAction[] _masked = null!;
    private double[] _latency = null!;
    private double[] _usage = null!;
    private int _action;

    [GlobalSetup]
    public void Setup()
    {
        var setup = BenchSetup.Load();
        _policy = MethodTrainer.Train(MethodSpec.Named("RC-A2C"), setup.Workspace, new TrainingSetup(Steps: 5_000)).Training!.Policy;
        _decider = new OffloadDecider(_policy);
        _estimator = setup.Workspace.FitEstimator();
        _environment = setup.Workspace.TrainingEnvironment(resourceConstrained: true, new TrainingSetup());
        _observation = new float[_environment.ObservationLength];
        _environment.Reset(_observation);
        _query = new float[setup.Scenario.EstimatorFeatureLength];
        _observation.AsSpan(0, setup.Scenario.History.HistoryLength).CopyTo(_query);
        _probabilities = new float[_policy.ActionCount];
        _masked = new MaskedAction[_policy.ActionCount];
        _latency = setup.Scenario.Costs.LatencyS;
        _usage = setup.Scenario.Costs.UsageUsd;
    }

    [Benchmark(Baseline = true, Description = "Network arg-max")]
    public int NetworkDecide() => _policy.Decide(_observation, [], _probabilities);

    [Benchmark(Description = "Shielded decision")]
    public int ShieldedDecide()
    {
        var request = new DecisionRequest(_observation, _latency, _usage, [], 20, 0.03, new LaterTurnReserve(3, _latency, _usage));
        return _decider.Decide(request, _probabilities, _masked).Action;
    }

    [Benchmark(Description = "k-NN response estimate")]
    public double KnnEstimate() => _estimator.Estimate(_query);

    [Benchmark(Description = "Environment step")]
    public float EnvironmentStep()
    {
        var step = _environment.Step(_action = (_action + 1) % _policy.ActionCount, _observation);
        if (step.Done)
        {
            _environment.Reset(_observation);
        }

        return step.Reward;
    }
}
