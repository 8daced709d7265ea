using Tmo.Edge.Policy.Decisions;
using Tmo.Edge.Policy.Environment;
using Tmo.Edge.Policy.Learning;

namespace Tmo.Edge.Policy.Evaluation;

/// <summary>
/// Rolls a policy over every test dialogue once (reference step_eval): the observation follows the policy's own
/// actions, RC observations carry the remaining evaluation budgets, costs are the profile costs, and the reward is
/// never zeroed. With <see cref="ShieldTurns"/> set, the budget shield runs before every decision with the profile
/// costs as expected costs, reserving for up to that many turns per dialogue.
/// </summary>
public sealed class PolicyEvaluator(OffloadingScenario scenario, KnnResponseEstimator estimator, EvaluationBudgets budgets)
{
    /// <summary>Maximum dialogue length the shield reserves for; null evaluates without the shield.</summary>
    public int? ShieldTurns { get; init; }

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
        var query = new float[scenario.EstimatorFeatureLength];
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

                observation.AsSpan(0, layout.HistoryLength).CopyTo(query);
                scenario.Actions.Encode(action, query.AsSpan(layout.HistoryLength));
                var score = estimator.Estimate(query);
                response += score;
                association += episode.Association[t][action];
                reward += scenario.Weights.Reward(score, episode.NormalisedAssociation[t][action], costs.NormalisedLatency[action], costs.NormalisedUsage[action]);
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
        if (ShieldTurns is not { } maxTurns)
        {
            return policy.Decide(observation, [], probabilities);
        }

        var maskedCount = BudgetShield.Apply(
            scenario.Costs.LatencyS, scenario.Costs.UsageUsd, [], budgets.LatencyS - latency, budgets.UsageUsd - usage,
            maxTurns - turn - 1, allowed, masked);
        return maskedCount == allowed.Length ? -1 : policy.Decide(observation, allowed, probabilities);
    }
}
