namespace Tmo.Edge.Policy.Environment;

/// <summary>
/// The training environment of TMO's RCRL (reference M4A1_Env.step): each episode is a random training dialogue;
/// the reward of a turn is the weighted k-NN response score plus association minus normalised latency and usage.
/// With resource constraints, the episode starts with sampled budgets, each step spends its profile cost, and every
/// step from the one that overruns a budget on earns 0. With <see cref="EnvironmentOptions.MaskOverBudget"/> the
/// actions that would overrun are masked instead, as the product's shield masks them.
/// </summary>
public sealed class OffloadingEnvironment : ITrainingEnvironment
{
    private readonly OffloadingScenario _scenario;
    private readonly KnnResponseEstimator _estimator;
    private readonly IReadOnlyList<PreparedEpisode> _episodes;
    private readonly EnvironmentOptions _options;
    private readonly ObservationLayout _layout;
    private readonly BudgetSampler _budgets;
    private readonly Random _episodeRandom;
    private readonly Random _budgetRandom;
    private readonly float[] _observation;
    private readonly float[] _query;
    private readonly int[] _actions;
    private PreparedEpisode _episode;
    private int _turn;
    private double _remainingLatencyS;
    private double _remainingUsageUsd;

    public OffloadingEnvironment(
        OffloadingScenario scenario,
        KnnResponseEstimator estimator,
        IReadOnlyList<PreparedEpisode> episodes,
        EnvironmentOptions options,
        int seed)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(estimator);
        ArgumentNullException.ThrowIfNull(episodes);
        ArgumentNullException.ThrowIfNull(options);
        if (episodes.Count == 0)
        {
            throw new ArgumentException("Training needs at least one episode.", nameof(episodes));
        }

        if (estimator.FeatureLength != scenario.EstimatorFeatureLength)
        {
            throw new ArgumentException("The estimator was fitted for a different scenario.", nameof(estimator));
        }

        _scenario = scenario;
        _estimator = estimator;
        _episodes = episodes;
        _options = options;
        _layout = scenario.ObservationFor(options.ResourceConstrained);
        _budgets = BudgetSampler.For(scenario, options.Budgets);
        // Separate streams, so RC and non-RC environments with one seed visit the same episodes.
        var root = new Random(seed);
        _episodeRandom = new Random(root.Next());
        _budgetRandom = new Random(root.Next());
        _observation = new float[_layout.Length];
        _query = new float[scenario.EstimatorFeatureLength];
        _actions = new int[episodes.Max(e => e.TurnCount)];
        _episode = episodes[0];
    }

    public int ObservationLength => _layout.Length;

    public int ActionCount => _scenario.Actions.Count;

    public void Reset(Span<float> observation)
    {
        _episode = _episodes[_episodeRandom.Next(_episodes.Count)];
        _turn = 0;
        if (_options.ResourceConstrained)
        {
            (_remainingLatencyS, _remainingUsageUsd) = _budgets.Sample(_budgetRandom);
        }

        _layout.Write(_scenario.Actions, _actions, _episode.TaskIds, 0, _remainingLatencyS, _remainingUsageUsd, _observation);
        _observation.CopyTo(observation);
    }

    public void WriteAllowedActions(Span<bool> allowed)
    {
        if (!_options.ResourceConstrained || !_options.MaskOverBudget)
        {
            allowed.Fill(true);
            return;
        }

        var costs = _scenario.Costs;
        var any = false;
        for (var a = 0; a < ActionCount; a++)
        {
            allowed[a] = costs.LatencyS[a] <= _remainingLatencyS && costs.UsageUsd[a] <= _remainingUsageUsd;
            any |= allowed[a];
        }

        // Budgets drawn below every cost (or rounding at the range's floor): nothing fits, the episode overruns as unmasked.
        if (!any)
        {
            allowed.Fill(true);
        }
    }

    public EnvironmentStep Step(int action, Span<float> nextObservation)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(action);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(action, ActionCount);

        var costs = _scenario.Costs;
        _observation.AsSpan(0, _layout.HistoryLength).CopyTo(_query);
        _scenario.Actions.Encode(action, _query.AsSpan(_layout.HistoryLength));
        var response = _estimator.Estimate(_query);
        var reward = _scenario.Weights.Reward(
            response, _episode.NormalisedAssociation[_turn][action], costs.NormalisedLatency[action], costs.NormalisedUsage[action]);

        if (_options.ResourceConstrained)
        {
            _remainingLatencyS -= costs.LatencyS[action];
            _remainingUsageUsd -= costs.UsageUsd[action];
            if (_remainingLatencyS < 0 || _remainingUsageUsd < 0)
            {
                reward = 0;
            }
        }

        _actions[_turn] = action;
        _turn++;
        var done = _turn >= _episode.TurnCount;
        if (done)
        {
            nextObservation.Fill(-1);
            return new EnvironmentStep((float)reward, Done: true);
        }

        if (_options.History == HistoryMode.Logged)
        {
            _layout.Write(_scenario.Actions, _episode.LoggedActions, _episode.TaskIds, _turn, _remainingLatencyS, _remainingUsageUsd, _observation);
        }
        else
        {
            _layout.Advance(_scenario.Actions, action, _episode.TaskIds[_turn], _observation);
            _layout.WriteBudgets(_remainingLatencyS, _remainingUsageUsd, _observation);
        }

        _observation.CopyTo(nextObservation);
        return new EnvironmentStep((float)reward, Done: false);
    }
}
