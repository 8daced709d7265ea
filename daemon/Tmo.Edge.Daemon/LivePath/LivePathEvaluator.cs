using Tmo.Edge.Daemon.Decisions;
using Tmo.Edge.Daemon.Dialogues;
using Tmo.Edge.Policy.Dataset;
using Tmo.Edge.Policy.Evaluation;
using Tmo.Edge.Policy.Learning;
using Tmo.Edge.Policy.Training;

namespace Tmo.Edge.Daemon.LivePath;

/// <summary>
/// `policy eval --live`: plays a split's test dialogues through the daemon's own decision code
/// (<see cref="ReplayDecisionPath"/>), without MQTT or a journal. The dialogue is charged what the runner reported, as
/// in the daemon; the reward is scored like the offline evaluation's (<see cref="TurnScorer"/>), so the two are comparable.
/// </summary>
public sealed class LivePathEvaluator(DialogueDataset dataset, EvaluationBudgets budgets, int maxDialogueTurns, TimeProvider time)
{
    public async Task<MethodMetrics> EvaluateAsync(TrainedMethod method, SplitWorkspace workspace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(workspace);
        var scenario = workspace.Scenario;
        var episodes = dataset.Episodes.ToDictionary(e => e.Id);
        var processor = NewProcessor(method.Policy, method.ResourceConstrained, workspace);
        var scorer = new TurnScorer(scenario, workspace.FitEstimator());
        var outcomes = new List<DialogueOutcome>(workspace.Test.Count);
        foreach (var episode in workspace.Test)
        {
            var turns = episodes[episode.Id].Turns;
            var dialogue = new DialogueState($"live-{episode.Id}", budgets.LatencyS, budgets.UsageUsd);
            var actions = new int[episode.TurnCount];
            double response = 0, association = 0, reward = 0;
            for (var t = 0; t < episode.TurnCount; t++)
            {
                var outcome = await processor.ProcessAsync(
                    null, dialogue, t + 1, turns[t].Question, episode.TaskIds[t], maxDialogueTurns, (_, _) => Task.CompletedTask, cancellationToken);
                actions[t] = outcome.Action;
                dialogue.Record(outcome.Action, episode.TaskIds[t], outcome.LatencyS, outcome.UsageUsd);
                if (outcome.Action >= 0)
                {
                    var score = scorer.Score(episode, actions, t);
                    (response, association, reward) = (response + score.Response, association + score.Association, reward + score.Reward);
                }
            }

            var count = episode.TurnCount;
            outcomes.Add(new DialogueOutcome(episode.Id, actions, response / count, association / count, dialogue.SpentLatencyS, dialogue.SpentUsageUsd, reward / count));
        }

        return MethodMetrics.Summarise(outcomes, budgets, scenario.Actions);
    }

    private TurnProcessor NewProcessor(IActionPolicy policy, bool resourceConstrained, SplitWorkspace workspace) =>
        ReplayDecisionPath.Create(
            dataset, workspace.Scenario.Costs, policy, workspace.Scenario, resourceConstrained, workspace.Train.Select(e => e.TurnCount), "live-path", time);
}
