using Tmo.Edge.Policy.Environment;

namespace Tmo.Edge.Policy.Evaluation;

/// <summary>
/// Scores one test turn however its action was decided (offline, by the Oracle's search or through the daemon's own
/// turn processor): the k-NN response of the observation built from the dialogue's own previous actions, the turn's
/// raw association, and the reward with the profile's normalised costs. Not thread-safe: the estimator and the
/// buffers are scratch space.
/// </summary>
public sealed class TurnScorer(OffloadingScenario scenario, KnnResponseEstimator estimator)
{
    private readonly ObservationLayout _layout = scenario.ObservationFor(resourceConstrained: false);
    private readonly float[] _observation = new float[scenario.ObservationFor(resourceConstrained: false).Length];
    private readonly float[] _query = new float[scenario.EstimatorFeatureLength];

    /// <param name="actions">The dialogue's actions so far; <paramref name="actions"/>[turn] is the one scored (not refused).</param>
    public TurnScore Score(PreparedEpisode episode, ReadOnlySpan<int> actions, int turn)
    {
        ArgumentNullException.ThrowIfNull(episode);
        var action = actions[turn];
        _layout.Write(scenario.Actions, actions, episode.TaskIds, turn, 0, 0, _observation);
        _observation.AsSpan(0, _layout.HistoryLength).CopyTo(_query);
        scenario.Actions.Encode(action, _query.AsSpan(_layout.HistoryLength));
        var response = estimator.Estimate(_query);
        var costs = scenario.Costs;
        var reward = scenario.Weights.Reward(response, episode.NormalisedAssociation[turn][action], costs.NormalisedLatency[action], costs.NormalisedUsage[action]);
        return new TurnScore(response, episode.Association[turn][action], reward);
    }
}

/// <summary>One turn's response score, raw association and reward.</summary>
public readonly record struct TurnScore(double Response, double Association, double Reward);
