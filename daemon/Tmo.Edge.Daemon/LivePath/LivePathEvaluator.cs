using Microsoft.Extensions.Logging.Abstractions;
using Tmo.Edge.Core.Options;
using Tmo.Edge.Core.Runners;
using Tmo.Edge.Daemon.Decisions;
using Tmo.Edge.Daemon.Dialogues;
using Tmo.Edge.Daemon.Ingress;
using Tmo.Edge.Daemon.LiveCosts;
using Tmo.Edge.Daemon.Runners;
using Tmo.Edge.Daemon.Telemetry;
using Tmo.Edge.Policy.Dataset;
using Tmo.Edge.Policy.Evaluation;
using Tmo.Edge.Policy.Learning;
using Tmo.Edge.Policy.Training;

namespace Tmo.Edge.Daemon.LivePath;

/// <summary>
/// `policy eval --live`: plays a split's test dialogues through the daemon's own decision code, without MQTT or a
/// journal. The turn processor quotes every action from the replay runners (each recorded turn's own latency and
/// usage, the profile's where M4A1 recorded none) behind the live-cost wrappers the daemon puts around them, plans the
/// shield's reserve with the daemon's planner (the training dialogues' lengths, the quotes seen so far), reserves under
/// the daily cloud cap and runs the runner. The dialogue is charged what the runner reported, as in the daemon; the
/// reward is scored like the offline evaluation's (<see cref="TurnScorer"/>), so the two are comparable.
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

    private TurnProcessor NewProcessor(IActionPolicy policy, bool resourceConstrained, SplitWorkspace workspace)
    {
        var scenario = workspace.Scenario;
        var costs = scenario.Costs;
        var book = new ReplayBook(dataset, costs);
        var telemetry = new TelemetryOptions();
        // As the daemon wraps replay runners (exact quotes): the local call priced from measured energy, where a
        // telemetry source measures any (none here), the cloud's quotes kept.
        var local = new TelemetryAwareRunner(
            new ReplayRunner(book, RunnerLocation.Local, speedFactor: 0, costs.Device.MaxPowerW, time),
            new TelemetryState(telemetry, time), new LocalCostModel(telemetry), LiveQuoting.UsageOnly, NullLogger<TelemetryAwareRunner>.Instance);
        var cloud = new MeasuredCloudRunner(
            new ReplayRunner(book, RunnerLocation.Cloud, speedFactor: 0, costs.Device.MaxPowerW, time), new CloudCostModel(telemetry), LiveQuoting.UsageOnly);
        var spendGuard = new CloudSpendGuard(time);
        spendGuard.Configure(new BudgetOptions().DailyCloudCapUsd, []);
        var planner = new LaterTurnPlanner();
        foreach (var episode in workspace.Train)
        {
            planner.Lengths.Add(episode.TurnCount);
        }

        var model = new DecisionModel(policy, scenario, scenario.ObservationFor(resourceConstrained), "live-path");
        return new TurnProcessor(model, local, cloud, spendGuard, planner, new CameraFrames(), new SensorReadings());
    }
}
