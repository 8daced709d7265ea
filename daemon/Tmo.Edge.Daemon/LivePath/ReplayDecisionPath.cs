using Microsoft.Extensions.Logging.Abstractions;
using Tmo.Edge.Core.Options;
using Tmo.Edge.Core.Runners;
using Tmo.Edge.Daemon.Decisions;
using Tmo.Edge.Daemon.Dialogues;
using Tmo.Edge.Daemon.Ingress;
using Tmo.Edge.Daemon.LiveCosts;
using Tmo.Edge.Daemon.Runners;
using Tmo.Edge.Daemon.Telemetry;
using Tmo.Edge.Policy.Costs;
using Tmo.Edge.Policy.Dataset;
using Tmo.Edge.Policy.Environment;
using Tmo.Edge.Policy.Learning;

namespace Tmo.Edge.Daemon.LivePath;

/// <summary>
/// The daemon's decision code over replay runners, without MQTT or a journal: the turn processor quotes every action
/// from the replay runners (each recorded turn's own latency and usage, the profile's where none was recorded) behind
/// the live-cost wrappers the daemon puts around them, plans the shield's reserve with the daemon's planner (the
/// training dialogues' lengths, the quotes seen so far), reserves under the daily cloud cap and runs the runner.
/// </summary>
public static class ReplayDecisionPath
{
    /// <param name="world">The dialogues whose recorded answers and costs the runners replay.</param>
    /// <param name="costs">The profile costs for turns the dataset recorded no cost for.</param>
    /// <param name="trainingLengths">The policy's training dialogues' lengths, as a checkpoint carries them.</param>
    public static TurnProcessor Create(
        DialogueDataset world, CostTable costs, IActionPolicy policy, OffloadingScenario scenario, bool resourceConstrained,
        IEnumerable<int> trainingLengths, string version, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(costs);
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(trainingLengths);
        var book = new ReplayBook(world, costs);
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
        foreach (var length in trainingLengths)
        {
            planner.Lengths.Add(length);
        }

        var model = new DecisionModel(policy, scenario, scenario.ObservationFor(resourceConstrained), version);
        return new TurnProcessor(model, local, cloud, spendGuard, planner, new CameraFrames(), new SensorReadings());
    }
}
