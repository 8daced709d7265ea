using Microsoft.Extensions.Time.Testing;
using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Core.Messaging;
using Tmo.Edge.Core.Runners;
using Tmo.Edge.Core.Turns;
using Tmo.Edge.Daemon.Decisions;
using Tmo.Edge.Daemon.Dialogues;
using Tmo.Edge.Daemon.Ingress;
using Tmo.Edge.Policy.Actions;
using Tmo.Edge.Policy.Costs;
using Tmo.Edge.Policy.Dataset;
using Tmo.Edge.Policy.Decisions;
using Tmo.Edge.Policy.Environment;

namespace Tmo.Edge.Daemon.Tests.Decisions;

/// <summary>
/// One turn through the processor with scripted runners and a policy of fixed preferences, on two camera views:
/// action 0 is local, 1 to 4 upload no view, one view or both to the cloud.
/// </summary>
public sealed class TurnProcessorTests
{
    private static readonly ActionSpace Actions = new(2);
    private static readonly int CloudTextOnly = Actions.CloudActionFor([]);
    private static readonly int CloudBothViews = Actions.CloudActionFor([0, 1]);
    private const string Version = "test-policy";

    private static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Start);
    private readonly QuotedRunner _local = new(RunnerLocation.Local, latencyS: 2, usageUsd: 0.0001);
    private readonly QuotedRunner _cloud = new(RunnerLocation.Cloud, latencyS: 1, usageUsd: 0.002);
    private readonly CloudSpendGuard _spendGuard;
    private readonly CameraFrames _frames = new();
    private readonly SensorReadings _sensors = new();
    private readonly List<TurnOutcome> _decided = [];

    public TurnProcessorTests()
    {
        _spendGuard = new CloudSpendGuard(_time);
        _spendGuard.Configure(capUsd: 5, []);
    }

    [Fact]
    public async Task A_turn_within_its_budgets_is_answered_by_the_runner_of_the_action_the_policy_prefers()
    {
        var outcome = await ProcessAsync(Processor(CloudBothViews, 0), Dialogue(latencyS: 30, usageUsd: 1));

        Assert.Equal(TurnStatus.Answered, outcome.Status);
        Assert.Equal((CloudBothViews, RunnerLocation.Cloud, "an answer"), (outcome.Action, outcome.Location, outcome.Text));
        Assert.Equal([0, 1], outcome.Views);
        var run = Assert.Single(_cloud.Runs);
        Assert.Equal([0, 1], run.Views);
        Assert.Empty(_local.Runs);
        Assert.Equal(2, outcome.LatencyS, 9);
        Assert.Equal(0.004, outcome.UsageUsd, 9);
        Assert.Equal(DateOnly.FromDateTime(Start.UtcDateTime), outcome.SpendDay);
        Assert.Equal(Version, outcome.PolicyVersion);
    }

    [Fact]
    public async Task A_turn_over_its_budget_is_refused_with_the_budget_rule_named_and_no_runner_called()
    {
        var outcome = await ProcessAsync(Processor(0, CloudTextOnly), Dialogue(latencyS: 0.5, usageUsd: 1));

        Assert.Equal(TurnStatus.Refused, outcome.Status);
        Assert.Equal(-1, outcome.Action);
        Assert.StartsWith($"{RefusalReasons.BudgetExhausted}: 0.5 s and 1 USD left", outcome.Error, StringComparison.Ordinal);
        Assert.Contains("the cheapest action that can run (cloud, text only) needs 1 s", outcome.Error, StringComparison.Ordinal);
        Assert.Empty(_local.Runs);
        Assert.Empty(_cloud.Runs);
        Assert.Empty(_decided);
    }

    [Fact]
    public async Task An_action_the_shield_masks_is_replaced_by_the_policys_best_allowed_one_and_the_mask_is_explained()
    {
        // Both views cost 0.004 USD, more than the 0.003 USD left; text only costs 0.002.
        var outcome = await ProcessAsync(Processor(CloudBothViews, CloudTextOnly, 0), Dialogue(latencyS: 30, usageUsd: 0.003));

        Assert.Equal(CloudTextOnly, outcome.Action);
        var masked = Assert.Single(outcome.Masked, m => m.Action == CloudBothViews);
        Assert.Equal(MaskReason.UsageBudget, masked.Kind);
        Assert.Equal("usage budget: 0.004 USD > 0.003 USD left", masked.Reason);
        // What the policy wanted stays visible: its distribution is written before masking.
        Assert.True(outcome.Probabilities[CloudBothViews] > outcome.Probabilities[CloudTextOnly]);
    }

    [Fact]
    public async Task An_unavailable_runner_masks_its_actions_with_its_own_reason()
    {
        _local.Unavailable = "thermal: soc 87.5 C >= 85 C";

        var outcome = await ProcessAsync(Processor(0, CloudTextOnly), Dialogue(latencyS: 30, usageUsd: 1));

        Assert.Equal(CloudTextOnly, outcome.Action);
        var masked = Assert.Single(outcome.Masked, m => m.Action == 0);
        Assert.Equal((MaskReason.Infeasible, "thermal: soc 87.5 C >= 85 C"), (masked.Kind, masked.Reason));
    }

    [Fact]
    public async Task A_turn_nothing_can_run_is_refused_with_every_blocking_reason()
    {
        _local.Unavailable = "local model not loaded";
        _cloud.Unavailable = "circuit open";

        var outcome = await ProcessAsync(Processor(0, CloudTextOnly), Dialogue(latencyS: 30, usageUsd: 1));

        Assert.Equal(TurnStatus.Refused, outcome.Status);
        Assert.Equal($"{RefusalReasons.NothingCanRun}: local model not loaded; circuit open", outcome.Error);
    }

    [Fact]
    public async Task Cloud_actions_that_would_pass_the_daily_cap_are_masked_and_the_turn_runs_locally()
    {
        _spendGuard.SetCap(0.001);

        var outcome = await ProcessAsync(Processor(CloudTextOnly, 0), Dialogue(latencyS: 30, usageUsd: 1));

        Assert.Equal(0, outcome.Action);
        Assert.Null(outcome.SpendDay);
        Assert.All(outcome.Masked, m => Assert.StartsWith("daily cloud cap: 0.001 USD left of 0", m.Reason, StringComparison.Ordinal));
        Assert.Equal(4, outcome.Masked.Count);
    }

    [Fact]
    public async Task A_cloud_call_books_what_it_charged_against_the_daily_cap()
    {
        _cloud.ChargedShare = 0.5;

        await ProcessAsync(Processor(CloudTextOnly), Dialogue(latencyS: 30, usageUsd: 1));

        Assert.Equal(0.001, _spendGuard.SpentUsd(DateOnly.FromDateTime(Start.UtcDateTime)), 9);
        Assert.Equal(5 - 0.001, _spendGuard.RemainingUsd, 9);
    }

    [Fact]
    public async Task A_failed_runner_call_is_charged_its_waiting_up_to_the_quote_and_gives_its_cloud_reservation_back()
    {
        _cloud.Failure = new HttpRequestException("connection reset");

        var outcome = await ProcessAsync(Processor(CloudTextOnly), Dialogue(latencyS: 30, usageUsd: 1));

        Assert.Equal(TurnStatus.Failed, outcome.Status);
        Assert.Equal("cloud failed: connection reset", outcome.Error);
        Assert.InRange(outcome.LatencyS, 0, 1);
        Assert.Equal(0, outcome.UsageUsd);
        Assert.Equal(5, _spendGuard.RemainingUsd, 9);
    }

    [Fact]
    public async Task The_decision_is_announced_before_the_runner_starts()
    {
        var order = new List<string>();
        _local.OnRun = () => order.Add("runner");

        await Processor(0).ProcessAsync(null, Dialogue(30, 1), 1, "hello", 0, 1, (decided, _) =>
        {
            order.Add($"decided {decided.Action} {decided.Status}");
            return Task.CompletedTask;
        }, CancellationToken.None);

        Assert.Equal(["decided 0 Answered", "runner"], order);
    }

    [Fact]
    public async Task A_nul_in_the_answer_is_dropped_so_the_journal_and_the_device_get_the_same_text()
    {
        _local.Answer = "before\0after";

        var outcome = await ProcessAsync(Processor(0), Dialogue(latencyS: 30, usageUsd: 1));

        Assert.Equal("beforeafter", outcome.Text);
    }

    [Fact]
    public async Task The_runner_gets_the_senders_own_frames_and_sensor_readings_and_no_one_elses()
    {
        _frames.Store("kitchen", new CameraFrame(0, new byte[] { 1 }, "image/jpeg", Start));
        _frames.Store("kitchen", new CameraFrame(1, new byte[] { 2 }, "image/jpeg", Start));
        _frames.Store("garage", new CameraFrame(0, new byte[] { 3 }, "image/jpeg", Start));
        Assert.True(_sensors.TryStore("kitchen", "door", """{"open":true}"""));
        Assert.True(_sensors.TryStore("garage", "door", """{"open":false}"""));
        var reply = new ReplyRoute("kitchen", "tmo/dev/users/kitchen/out/response", ReadOnlyMemory<byte>.Empty);

        await Processor(CloudBothViews).ProcessAsync(reply, Dialogue(30, 1), 1, "what is on the table?", 0, 1, Decided, CancellationToken.None);

        var run = Assert.Single(_cloud.Runs);
        Assert.Equal([(byte)1, (byte)2], run.Frames.Select(f => f.Image.Span[0]));
        Assert.Equal("""{"open":true}""", Assert.Single(run.Sensors).Value);
        Assert.Same(reply, run.Reply);
    }

    [Fact]
    public async Task A_later_turn_is_refused_once_earlier_turns_spent_the_dialogues_budget()
    {
        var dialogue = Dialogue(latencyS: 3, usageUsd: 1);
        var processor = Processor(0);

        var first = await ProcessAsync(processor, dialogue);
        dialogue.Record(first.Action, 0, first.LatencyS, first.UsageUsd);
        var second = await ProcessAsync(processor, dialogue, turn: 2);

        Assert.Equal(TurnStatus.Answered, first.Status);
        Assert.Equal(TurnStatus.Refused, second.Status);
        Assert.StartsWith($"{RefusalReasons.BudgetExhausted}: 1 s", second.Error, StringComparison.Ordinal);
    }

    private static DialogueState Dialogue(double latencyS, double usageUsd) => new("kitchen-1", latencyS, usageUsd);

    private TurnProcessor Processor(params int[] preference)
    {
        var scenario = new OffloadingScenario(
            modalityCount: 2, new TaskVocabulary(["Describe", "Query"]), DeviceProfile.Default, CloudProfile.Named(CloudProfile.SyntheticName, 2), RewardWeights.Default);
        var all = preference.Concat(Enumerable.Range(0, scenario.Actions.Count).Except(preference)).ToArray();
        var model = new DecisionModel(new PreferencePolicy(all), scenario, scenario.ObservationFor(resourceConstrained: true), Version);
        return new TurnProcessor(model, _local, _cloud, _spendGuard, new LaterTurnPlanner(), _frames, _sensors);
    }

    private Task<TurnOutcome> ProcessAsync(TurnProcessor processor, DialogueState dialogue, int turn = 1) =>
        processor.ProcessAsync(null, dialogue, turn, "what is this?", taskId: 0, maxDialogueTurns: turn, Decided, CancellationToken.None);

    private Task Decided(TurnOutcome outcome, CancellationToken cancellationToken)
    {
        _decided.Add(outcome);
        return Task.CompletedTask;
    }
}
