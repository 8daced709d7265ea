using Tmo.Edge.Policy.Costs;
using Tmo.Edge.Policy.Dataset;
using Tmo.Edge.Policy.Environment;
using Tmo.Edge.Policy.Evaluation;

namespace Tmo.Edge.Policy.Tests.Evaluation;

/// <summary>The Oracle on a two-view scenario small enough to solve by hand.</summary>
public sealed class OracleEvaluatorTests
{
    // Actions for X = 2: 0 local, 1 cloud text, 2 view 0, 3 view 1, 4 both views.
    private const int Local = 0;
    private const int ViewOne = 3;
    private const int ViewZero = 2;
    private const double Score = 0.7;

    // Local 1 s (15.2 GFLOPS), cloud text 2 s, one view 4 s, two views 8 s; the reward counts only response and
    // association, so the best sequence is a knapsack over the latency budget.
    private static readonly OffloadingScenario Scenario = new(
        2,
        new TaskVocabulary(["task"]),
        new DeviceProfile("Hand", PeakGflops: 15.2, MaxPowerW: 1),
        new CloudProfile("Hand", [2, 4, 8], [0.001, 0.001, 0.001]),
        new RewardWeights(Response: 1, Association: 1, Latency: 0, Usage: 0));

    // Every estimate is 0.7: one training point, so the response never depends on the history.
    private static KnnResponseEstimator ConstantEstimator() =>
        new(new float[Scenario.EstimatorFeatureLength], [Score], Scenario.EstimatorFeatureLength, neighbours: 1);

    [Fact]
    public void Finds_the_hand_computed_optimum_where_the_greedy_first_turn_loses()
    {
        // Views matter (1, 1), then (0, 1), then (1, 0). Greedy takes both views first (8 s, +1) and can afford nothing
        // after it; within 10 s the optimum is local, view 1, view 0 (9 s, +2).
        var episode = Episode([1, 1], [0, 1], [1, 0]);
        var oracle = new OracleEvaluator(Scenario, ConstantEstimator(), new EvaluationBudgets(10, 1));

        var outcome = oracle.Solve(episode);

        Assert.Equal([Local, ViewOne, ViewZero], outcome.Actions);
        Assert.Equal(((3 * Score) + 2) / 3, outcome.Reward, precision: 12);
        Assert.Equal(Score, outcome.Response, precision: 12);
        Assert.Equal(9, outcome.LatencyS, precision: 9);
    }

    [Fact]
    public void A_turn_where_no_action_fits_is_refused_and_earns_nothing()
    {
        // 1.5 s: the local turn (1 s) fits; then even local does not, and the cloud never did.
        var episode = Episode([1, 1], [1, 1]);
        var oracle = new OracleEvaluator(Scenario, ConstantEstimator(), new EvaluationBudgets(1.5, 1));

        var metrics = oracle.Evaluate([episode]);
        var outcome = oracle.Solve(episode);

        Assert.Equal([Local, DialogueOutcome.RefusedTurn], outcome.Actions);
        Assert.Equal(Score / 2, outcome.Reward, precision: 12);
        Assert.Equal(new ActionHistogram(Local: 1, CloudText: 0, CloudViews: 0, Refused: 1), metrics.Actions);
    }

    [Fact]
    public void An_action_that_would_land_exactly_on_the_budget_is_not_taken()
    {
        // 9 s exactly: local + view 1 + view 0 would end on the budget itself, which the margin keeps out of reach;
        // the best left takes one useful view among three turns (e.g. local, view 1, local: 6 s, +1).
        var episode = Episode([1, 1], [0, 1], [1, 0]);
        var oracle = new OracleEvaluator(Scenario, ConstantEstimator(), new EvaluationBudgets(9, 1));

        var outcome = oracle.Solve(episode);

        Assert.True(outcome.LatencyS < 9, $"latency {outcome.LatencyS}");
        Assert.Equal(((3 * Score) + 1) / 3, outcome.Reward, precision: 12);
    }

    [Fact]
    public void A_search_beyond_its_estimate_limit_fails_with_a_clear_error()
    {
        var episode = Episode([1, 1], [0, 1], [1, 0]);
        var oracle = new OracleEvaluator(Scenario, ConstantEstimator(), new EvaluationBudgets(100, 1)) { EstimateLimit = 10 };

        var error = Assert.Throws<InvalidOperationException>(() => oracle.Solve(episode));

        Assert.Contains("dialogue 7 (3 turns, 5 actions)", error.Message, StringComparison.Ordinal);
    }

    private static PreparedEpisode Episode(params double[][] viewAssociation)
    {
        var turns = viewAssociation.Length;
        var byAction = viewAssociation.Select(v => new[] { 0, 0, v[0], v[1], v[0] + v[1] }).ToArray();
        return new PreparedEpisode(
            7,
            new int[turns],
            new int[turns],
            byAction,
            byAction.Select(a => MinMax.Normalise(a)).ToArray(),
            Enumerable.Repeat(Score, turns).ToArray());
    }
}
