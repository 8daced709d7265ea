using Tmo.Edge.Policy.Environment;

namespace Tmo.Edge.Policy.Evaluation;

/// <summary>
/// Exact depth-first branch and bound over one dialogue's action sequences, for <see cref="OracleEvaluator"/>.
/// Children are tried best immediate reward first, and the rest of a node's children are cut once their reward so far
/// plus a bound on every later turn cannot beat the best complete sequence. The bound of a turn is the most any action
/// that fits the full budgets could earn there with the highest (or, for a negative weight, lowest) recorded score,
/// and never less than a refusal's 0: it never underestimates, so no cut drops the optimum.
/// </summary>
internal sealed class HindsightSearch
{
    // As the budget shield's margin: keeps cumulative floating-point sums from crossing a budget by an ulp.
    private const double BudgetMargin = 1e-12;

    // A cut needs the bound to fall short by more than rounding, so a sequence better by an ulp is still searched.
    private const double BoundSlack = 1e-9;

    private readonly OffloadingScenario _scenario;
    private readonly KnnResponseEstimator _estimator;
    private readonly EvaluationBudgets _budgets;
    private readonly PreparedEpisode _episode;
    private readonly long _estimateLimit;
    private readonly ObservationLayout _layout;
    private readonly int[] _path;
    private readonly int[] _best;
    private readonly double[] _laterBound;
    private readonly double[][] _rewards;
    private readonly int[][] _order;
    private readonly float[] _query;
    private double _bestTotal = double.NegativeInfinity;
    private long _estimates;

    public HindsightSearch(OffloadingScenario scenario, KnnResponseEstimator estimator, EvaluationBudgets budgets, PreparedEpisode episode, long estimateLimit)
    {
        _scenario = scenario;
        _estimator = estimator;
        _budgets = budgets;
        _episode = episode;
        _estimateLimit = estimateLimit;
        _layout = scenario.History;
        var turns = episode.TurnCount;
        var actions = scenario.Actions.Count;
        _path = new int[turns];
        _best = new int[turns];
        _rewards = Enumerable.Range(0, turns).Select(_ => new double[actions]).ToArray();
        _order = Enumerable.Range(0, turns).Select(_ => new int[actions]).ToArray();
        _query = new float[scenario.EstimatorFeatureLength];
        _laterBound = LaterTurnBounds();
    }

    public DialogueOutcome Run()
    {
        Search(0, 0, 0, 0);
        return Replay();
    }

    private void Search(int turn, double latency, double usage, double total)
    {
        if (turn == _episode.TurnCount)
        {
            if (total > _bestTotal)
            {
                _bestTotal = total;
                _path.CopyTo(_best, 0);
            }

            return;
        }

        var count = RankFittingActions(turn, latency, usage);
        if (count == 0)
        {
            _path[turn] = DialogueOutcome.RefusedTurn;
            Search(turn + 1, latency, usage, total);
            return;
        }

        var costs = _scenario.Costs;
        for (var i = 0; i < count; i++)
        {
            var action = _order[turn][i];
            var reached = total + _rewards[turn][action];
            if (reached + _laterBound[turn + 1] <= _bestTotal - BoundSlack)
            {
                break;
            }

            _path[turn] = action;
            Search(turn + 1, latency + costs.LatencyS[action], usage + costs.UsageUsd[action], reached);
        }
    }

    /// <summary>Scores the actions that fit what remains and orders them best first; returns how many fit.</summary>
    private int RankFittingActions(int turn, double latency, double usage)
    {
        var rewards = _rewards[turn];
        var order = _order[turn];
        var count = 0;
        _layout.Write(_scenario.Actions, _path, _episode.TaskIds, turn, 0, 0, _query);
        for (var action = 0; action < rewards.Length; action++)
        {
            if (!Fits(action, _budgets.LatencyS - latency, _budgets.UsageUsd - usage))
            {
                continue;
            }

            CountEstimate();
            rewards[action] = TurnReward(turn, action, Estimate(action));
            var j = count++;
            while (j > 0 && rewards[order[j - 1]] < rewards[action])
            {
                order[j] = order[j - 1];
                j--;
            }

            order[j] = action;
        }

        return count;
    }

    private void CountEstimate()
    {
        if (++_estimates > _estimateLimit)
        {
            throw new InvalidOperationException(
                $"The Oracle's exact search on dialogue {_episode.Id} ({_episode.TurnCount} turns, {_scenario.Actions.Count} actions) " +
                $"needs more than {_estimateLimit:N0} response estimates: it is exponential in the dialogue length. " +
                "Leave the Oracle out of this comparison or raise OracleEvaluator.EstimateLimit.");
        }
    }

    /// <summary>The estimate for <paramref name="action"/> after the history already written to the query.</summary>
    private double Estimate(int action)
    {
        _scenario.Actions.Encode(action, _query.AsSpan(_layout.HistoryLength));
        return _estimator.Estimate(_query);
    }

    private bool Fits(int action, double remainingLatencyS, double remainingUsageUsd) =>
        _scenario.Costs.LatencyS[action] <= remainingLatencyS - BudgetMargin
        && _scenario.Costs.UsageUsd[action] <= remainingUsageUsd - BudgetMargin;

    private double TurnReward(int turn, int action, double score) =>
        _scenario.Weights.Reward(
            score, _episode.NormalisedAssociation[turn][action], _scenario.Costs.NormalisedLatency[action], _scenario.Costs.NormalisedUsage[action]);

    /// <summary>Element t bounds the reward of turns t .. T - 1 together; element T is 0.</summary>
    private double[] LaterTurnBounds()
    {
        var turns = _episode.TurnCount;
        var bounds = new double[turns + 1];
        for (var t = turns - 1; t >= 0; t--)
        {
            var turnBound = 0.0;
            for (var action = 0; action < _scenario.Actions.Count; action++)
            {
                if (Fits(action, _budgets.LatencyS, _budgets.UsageUsd))
                {
                    turnBound = Math.Max(turnBound, Math.Max(TurnReward(t, action, _estimator.MinScore), TurnReward(t, action, _estimator.MaxScore)));
                }
            }

            bounds[t] = bounds[t + 1] + turnBound;
        }

        return bounds;
    }

    /// <summary>Plays the best sequence once more to report its means and costs, as the evaluator does.</summary>
    private DialogueOutcome Replay()
    {
        var costs = _scenario.Costs;
        double latency = 0, usage = 0, response = 0, association = 0, reward = 0;
        for (var t = 0; t < _best.Length; t++)
        {
            var action = _best[t];
            if (action == DialogueOutcome.RefusedTurn)
            {
                continue;
            }

            _layout.Write(_scenario.Actions, _best, _episode.TaskIds, t, 0, 0, _query);
            var score = Estimate(action);
            response += score;
            association += _episode.Association[t][action];
            reward += TurnReward(t, action, score);
            latency += costs.LatencyS[action];
            usage += costs.UsageUsd[action];
        }

        var turns = _episode.TurnCount;
        return new DialogueOutcome(_episode.Id, (int[])_best.Clone(), response / turns, association / turns, latency, usage, reward / turns);
    }
}
