using Tmo.Edge.Policy.Actions;
using Tmo.Edge.Policy.Environment;

namespace Tmo.Edge.Policy.Evaluation;

/// <summary>
/// Scores test dialogues turn by turn, however the actions were decided (offline or through the daemon's own turn
/// processor): the k-NN response of the observation built from the dialogue's own previous actions, the reward with
/// the profile's normalised costs, the costs actually charged, and the action histogram. A refused turn (action -1)
/// earns 0. Not thread-safe: the estimator keeps scratch buffers.
/// </summary>
public sealed class DialogueTally(OffloadingScenario scenario, KnnResponseEstimator estimator, EvaluationBudgets budgets)
{
    private readonly ObservationLayout _layout = scenario.ObservationFor(resourceConstrained: false);
    private readonly float[] _observation = new float[scenario.ObservationFor(resourceConstrained: false).Length];
    private readonly float[] _query = new float[scenario.EstimatorFeatureLength];
    private readonly List<DialogueOutcome> _dialogues = [];
    private int[] _actions = [];
    private PreparedEpisode? _episode;
    private DialogueOutcome _current;
    private int _local, _cloudText, _cloudViews, _refused;

    public void Begin(PreparedEpisode episode)
    {
        ArgumentNullException.ThrowIfNull(episode);
        End();
        _episode = episode;
        _actions = new int[episode.TurnCount];
        _current = default;
    }

    /// <param name="action">The action taken at <paramref name="turn"/> (0-based), or -1 when the turn was refused.</param>
    public void Record(int turn, int action, double latencyS, double usageUsd)
    {
        var episode = _episode ?? throw new InvalidOperationException("Begin a dialogue before recording its turns.");
        _actions[turn] = action;
        if (action < 0)
        {
            _refused++;
            return;
        }

        Count(action);
        _layout.Write(scenario.Actions, _actions, episode.TaskIds, turn, 0, 0, _observation);
        _observation.AsSpan(0, _layout.HistoryLength).CopyTo(_query);
        scenario.Actions.Encode(action, _query.AsSpan(_layout.HistoryLength));
        var score = estimator.Estimate(_query);
        var costs = scenario.Costs;
        _current = new DialogueOutcome(
            _current.Response + score,
            _current.Association + episode.Association[turn][action],
            _current.LatencyS + latencyS,
            _current.UsageUsd + usageUsd,
            _current.Reward + scenario.Weights.Reward(score, episode.NormalisedAssociation[turn][action], costs.NormalisedLatency[action], costs.NormalisedUsage[action]));
    }

    /// <summary>Per-dialogue means averaged over dialogues, budget violations and the histogram of every dialogue recorded.</summary>
    public MethodMetrics Summarise()
    {
        End();
        if (_dialogues.Count == 0)
        {
            throw new InvalidOperationException("No dialogue was recorded.");
        }

        var overLatency = _dialogues.Where(d => d.LatencyS > budgets.LatencyS).Select(d => d.LatencyS - budgets.LatencyS).ToArray();
        var overUsage = _dialogues.Where(d => d.UsageUsd > budgets.UsageUsd).Select(d => d.UsageUsd - budgets.UsageUsd).ToArray();
        return new MethodMetrics(
            _dialogues.Average(d => d.Response),
            _dialogues.Average(d => d.Association),
            _dialogues.Average(d => d.LatencyS),
            _dialogues.Average(d => d.UsageUsd),
            _dialogues.Average(d => d.Reward),
            (double)overLatency.Length / _dialogues.Count,
            (double)overUsage.Length / _dialogues.Count,
            overLatency.Length == 0 ? 0 : overLatency.Average(),
            overUsage.Length == 0 ? 0 : overUsage.Average(),
            new ActionHistogram(_local, _cloudText, _cloudViews, _refused));
    }

    private void Count(int action)
    {
        if (!ActionSpace.IsCloud(action))
        {
            _local++;
        }
        else if (scenario.Actions.ViewCountOf(action) == 0)
        {
            _cloudText++;
        }
        else
        {
            _cloudViews++;
        }
    }

    private void End()
    {
        if (_episode is { } episode)
        {
            var turns = episode.TurnCount;
            _dialogues.Add(new DialogueOutcome(_current.Response / turns, _current.Association / turns, _current.LatencyS, _current.UsageUsd, _current.Reward / turns));
            _episode = null;
        }
    }

    private readonly record struct DialogueOutcome(double Response, double Association, double LatencyS, double UsageUsd, double Reward);
}
