using Tmo.Edge.Policy.Decisions;
using Tmo.Edge.Policy.Environment;
using Tmo.Edge.Policy.Learning;

namespace Tmo.Edge.Policy.Evaluation;

/// <summary>
/// Rolls a policy over every test dialogue once (reference step_eval): the observation follows the policy's own
/// actions, RC observations carry the remaining evaluation budgets, costs are the profile costs, and the reward is
/// never zeroed. With <see cref="Shield"/> set, the budget shield runs before every decision with the profile costs
/// as expected costs, as the daemon's does with its quotes; a refused turn earns 0.
/// </summary>
public sealed class PolicyEvaluator(OffloadingScenario scenario, KnnResponseEstimator estimator, EvaluationBudgets budgets)
{
    /// <summary>The shield's reserve for later turns; null evaluates without the shield.</summary>
    public ShieldReservePlan? Shield { get; init; }

    public MethodMetrics Evaluate(IActionPolicy policy, bool resourceConstrained, IReadOnlyList<PreparedEpisode> testEpisodes) =>
        MethodMetrics.Summarise(EvaluateDialogues(policy, resourceConstrained, testEpisodes), budgets, scenario.Actions);

    /// <summary>Every test dialogue's outcome, in the order of <paramref name="testEpisodes"/>.</summary>
    public IReadOnlyList<DialogueOutcome> EvaluateDialogues(IActionPolicy policy, bool resourceConstrained, IReadOnlyList<PreparedEpisode> testEpisodes)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(testEpisodes);
        var layout = scenario.ObservationFor(resourceConstrained);
        var costs = scenario.Costs;
        var actionCount = scenario.Actions.Count;
        var observation = new float[layout.Length];
        var scorer = new TurnScorer(scenario, estimator);
        var probabilities = new float[actionCount];
        var allowed = new bool[actionCount];
        var masked = new MaskedAction[actionCount];
        var actions = new int[testEpisodes.Max(e => e.TurnCount)];
        var dialogues = new List<DialogueOutcome>(testEpisodes.Count);

        foreach (var episode in testEpisodes)
        {
            double latency = 0, usage = 0, response = 0, association = 0, reward = 0;
            for (var t = 0; t < episode.TurnCount; t++)
            {
                layout.Write(scenario.Actions, actions, episode.TaskIds, t, budgets.LatencyS - latency, budgets.UsageUsd - usage, observation);
                var action = Choose(policy, observation, t, latency, usage, allowed, masked, probabilities);
                actions[t] = action;
                if (action < 0)
                {
                    continue;
                }

                var score = scorer.Score(episode, actions, t);
                response += score.Response;
                association += score.Association;
                reward += score.Reward;
                latency += costs.LatencyS[action];
                usage += costs.UsageUsd[action];
            }

            var turns = episode.TurnCount;
            dialogues.Add(new DialogueOutcome(episode.Id, actions[..turns], response / turns, association / turns, latency, usage, reward / turns));
        }

        return dialogues;
    }

    private int Choose(
        IActionPolicy policy, float[] observation, int turn, double latency, double usage,
        bool[] allowed, MaskedAction[] masked, float[] probabilities)
    {
        if (Shield is not { } plan)
        {
            return policy.Decide(observation, [], probabilities);
        }

        var costs = scenario.Costs;
        var reserve = new LaterTurnReserve(plan.LaterTurns(turn), costs.LatencyS, costs.UsageUsd);
        var shield = BudgetShield.Apply(costs.LatencyS, costs.UsageUsd, [], budgets.LatencyS - latency, budgets.UsageUsd - usage, reserve, allowed, masked);
        return shield.Refused ? -1 : policy.Decide(observation, allowed, probabilities);
    }
}
