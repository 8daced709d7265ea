using Tmo.Edge.Policy.Environment;
using Tmo.Edge.Policy.Evaluation;
using Tmo.Edge.Policy.Training;

namespace Tmo.Edge.Policy.Adaptation;

/// <summary>
/// Champion and challenger on a device. Rated turns collect in <see cref="Device"/>, measured cloud prices in
/// <see cref="Prices"/>; when enough new ones exist a round trains each candidate on the dataset's training split,
/// with the k-NN estimator fitted on the dataset and the device's training evidence (weighted) and the measured prices,
/// and the best on the device's held-out dialogues challenges the champion under the <see cref="PromotionRule"/>.
/// The champion's policy is rolled out here too: not thread-safe, give it its own instance.
/// </summary>
public sealed class ContinualLearner
{
    private readonly SplitWorkspace _dataset;
    private readonly ContinualLearningOptions _options;
    private readonly int _seed;
    private int _ratedAtLastRound;

    /// <param name="dataset">The dataset's split the champion was trained on, in the dataset's own world.</param>
    public ContinualLearner(SplitWorkspace dataset, TrainedMethod champion, ContinualLearningOptions options, int seed)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(champion);
        ArgumentNullException.ThrowIfNull(options);
        _dataset = dataset;
        _options = options;
        _seed = seed;
        Champion = champion;
        ChampionScenario = dataset.Scenario;
        Device = new DeviceDataset(options.HeldOutShare, seed);
        Prices = new CloudPriceObservations(dataset.Scenario.ModalityCount);
    }

    public DeviceDataset Device { get; }

    public CloudPriceObservations Prices { get; }

    public TrainedMethod Champion { get; private set; }

    /// <summary>The scenario (prices) the champion was trained for.</summary>
    public OffloadingScenario ChampionScenario { get; private set; }

    public int Rounds { get; private set; }

    public int Promotions { get; private set; }

    public bool RoundDue =>
        Device.RatedTurns - _ratedAtLastRound >= _options.RetrainAfterRatedTurns
        && Device.HeldOutDialogues.Count >= _options.Rule.MinHeldOutDialogues;

    public ChallengerRound RunRound(CancellationToken cancellationToken = default)
    {
        _ratedAtLastRound = Device.RatedTurns;
        Rounds++;
        var baseline = _dataset.Scenario;
        var scenario = new OffloadingScenario(
            baseline.ModalityCount, baseline.Tasks, baseline.Costs.Device, Prices.Apply(baseline.Costs.Cloud), baseline.Weights, baseline.HistoryWindow);
        var evidence = Device.Training.Select(scenario.Prepare).ToArray();
        var workspace = _dataset.WithDeviceEvidence(scenario, evidence, _options.DeviceWeight).WithSeed(unchecked(_seed + (Rounds * 7919)));
        var setup = new TrainingSetup(_options.Steps);
        var judge = new ChallengerJudge(_dataset, scenario, Device, _options);
        var champion = Champion.Acting;
        var fineTune = champion.Algorithm == Learning.Algorithm.PPO && Champion.Policy is Learning.NeuralPolicy network
            ? setup with { WarmStart = network.Clone() }
            : setup;
        var candidates = _options.Candidates
            .Select(method => MethodTrainer.Train(method, workspace, setup, cancellationToken: cancellationToken))
            .Prepend(MethodTrainer.Train(champion, workspace, fineTune, cancellationToken: cancellationToken))
            .Select(trained => (Trained: trained, Scores: judge.Score(trained)))
            .ToArray();
        var challenger = candidates.MaxBy(c => c.Scores.DeviceReward);
        var verdict = _options.Rule.Decide(judge.Score(Champion), challenger.Scores);
        if (verdict.Promote)
        {
            Champion = challenger.Trained;
            ChampionScenario = scenario;
            Promotions++;
        }

        return new ChallengerRound(Rounds, challenger.Trained.Method.Name, verdict, challenger.Trained, scenario);
    }

    /// <summary>Scores policies the same way within a round: one estimator and one scenario per side.</summary>
    private sealed class ChallengerJudge
    {
        private readonly PolicyEvaluator _device;
        private readonly PolicyEvaluator _dataset;
        private readonly IReadOnlyList<PreparedEpisode> _deviceDialogues;
        private readonly IReadOnlyList<PreparedEpisode> _datasetDialogues;
        private readonly EvaluationBudgets _budgets;

        public ChallengerJudge(SplitWorkspace dataset, OffloadingScenario scenario, DeviceDataset device, ContinualLearningOptions options)
        {
            _budgets = options.Budgets;
            var shield = dataset.ShieldPlan(options.MaxDialogueTurns);
            // The held-out evidence is the device's word on the states its dialogues reach; the challenger never learnt from it.
            var heldOut = EstimatorFitting.Fit(scenario, [new WeightedEpisodes(dataset.Train, 1), new WeightedEpisodes(device.HeldOutEvidence.Select(scenario.Prepare).ToArray(), options.DeviceWeight)]);
            _device = new PolicyEvaluator(scenario, heldOut, options.Budgets) { Shield = shield };
            _deviceDialogues = device.HeldOutDialogues.Select(scenario.Prepare).ToArray();
            _dataset = new PolicyEvaluator(dataset.Scenario, dataset.FitEstimator(), options.Budgets) { Shield = shield };
            _datasetDialogues = dataset.Test;
        }

        public PolicyScores Score(TrainedMethod method)
        {
            var device = _device.EvaluateDialogues(method.Policy, method.ResourceConstrained, _deviceDialogues);
            var dataset = _dataset.EvaluateDialogues(method.Policy, method.ResourceConstrained, _datasetDialogues);
            return new PolicyScores(device.Average(d => d.Reward), dataset.Average(d => d.Reward), Violations(device) + Violations(dataset));
        }

        private int Violations(IEnumerable<DialogueOutcome> dialogues) =>
            dialogues.Count(d => d.LatencyS > _budgets.LatencyS || d.UsageUsd > _budgets.UsageUsd);
    }
}

/// <summary>
/// One retraining round: its number, the challenger's method and the verdict, the challenger itself and the scenario
/// (measured prices) it was trained for, so a caller can save it as a checkpoint.
/// </summary>
public sealed record ChallengerRound(int Round, string Method, PromotionVerdict Verdict, TrainedMethod Challenger, OffloadingScenario Scenario);
