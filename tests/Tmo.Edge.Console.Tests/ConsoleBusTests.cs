using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tmo.Edge.Console.Hosting;
using Tmo.Edge.Console.Live;
using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Core.Options;
using Tmo.Edge.Data;

namespace Tmo.Edge.Console.Tests;

public sealed class ConsoleBusTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 2, 0, 0, TimeSpan.Zero));
    private readonly LiveState _state = new();

    [Fact]
    public void The_retained_status_sets_online_and_offline()
    {
        using var bus = NewBus();

        bus.Receive("tmo/dev1/status", Encoding.UTF8.GetBytes("online"));
        Assert.Equal(DeviceStatus.Online, _state.Status);

        bus.Receive("tmo/dev1/status", Encoding.UTF8.GetBytes("offline"));
        Assert.Equal(DeviceStatus.Offline, _state.Status);
    }

    [Fact]
    public void A_decision_an_error_a_health_report_and_retraining_progress_are_kept()
    {
        using var bus = NewBus();

        bus.Receive("tmo/dev1/out/decision", Encoding.UTF8.GetBytes("""{"action":0,"location":"local","dialogueId":"d1","turn":2,"policyVersion":"v1"}"""));
        bus.Receive("tmo/dev1/error", Encoding.UTF8.GetBytes("""{"topic":"tmo/dev1/in/prompt","reason":"invalid JSON at byte 27"}"""));
        bus.Receive("tmo/dev1/health", Encoding.UTF8.GetBytes(
            """{"at":"2026-11-28T02:00:00Z","decisionLoopHealthy":false,"mqttConnected":true,"localRunner":{"available":false,"reason":"thermal"},"cloudRunner":{"available":true},"policyVersion":"v1"}"""));
        bus.Receive("tmo/dev1/policy/progress", Encoding.UTF8.GetBytes("""{"state":"training","fraction":0.25,"message":"step 500"}"""));

        Assert.Equal(new LiveDecision(_time.GetUtcNow(), "d1", 2, 0, "local", "v1"), _state.LastDecision);
        Assert.Equal(1, _state.DecisionsSeen);
        Assert.Equal(new BusError(_time.GetUtcNow(), "tmo/dev1/in/prompt", "invalid JSON at byte 27"), Assert.Single(_state.Errors()));
        Assert.Equal(new RunnerHealth(false, "thermal"), _state.Health!.LocalRunner);
        Assert.False(_state.Health.DecisionLoopHealthy);
        Assert.True(_state.Health.StorageHealthy, "A report without storage fields (an older daemon) is not shown as a storage fault.");
        Assert.Equal(new RetrainProgress(_time.GetUtcNow(), new PolicyProgressMessage("training", 0.25, "step 500")), _state.Retrain);
    }

    [Fact]
    public void A_held_back_candidate_keeps_its_comparison_and_the_budgets_and_limits_in_force_are_read_from_health()
    {
        using var bus = NewBus();

        bus.Receive("tmo/dev1/policy/progress", Encoding.UTF8.GetBytes("""
            {"state":"candidate","fraction":1,"message":"kept","version":"v2","at":"2026-11-28T01:59:00Z",
             "comparison":{"latencyBudgetS":30,"usageBudgetUsd":0.05,"testDialogues":80,
               "active":{"version":"v1","reward":1.063,"latencyViolationShare":0,"usageViolationShare":0,"refusedShare":0,"oracleShare":0.9},
               "candidate":{"version":"v2","reward":0.989,"latencyViolationShare":0.1,"usageViolationShare":0,"refusedShare":0},
               "worseOn":["reward 0.989 < 1.063"]}}
            """));
        bus.Receive("tmo/dev1/health", Encoding.UTF8.GetBytes("""
            {"at":"2026-11-28T02:00:00Z","decisionLoopHealthy":true,"mqttConnected":true,"localRunner":{"available":true},"cloudRunner":{"available":true},"policyVersion":"v1",
             "budgets":{"dialogueLatencyS":30,"dialogueUsageUsd":0.05,"dailyCloudCapUsd":5},"limits":{"thermalLimitC":85,"powerCapW":0,"memoryMarginMB":512}}
            """));

        var progress = _state.Retrain!;
        Assert.True(progress.AwaitsDecision);
        Assert.True(progress.IsShownAt(_time.GetUtcNow().AddHours(1)), "A question waits for its answer.");
        Assert.Equal(["reward 0.989 < 1.063"], progress.Message.Comparison!.WorseOn);
        Assert.Null(progress.Message.Comparison.Candidate.OracleShare);
        Assert.Equal(new LimitsInForce(85, 0, 512), _state.Health!.Limits);
        Assert.Equal(new BudgetsInForce(30, 0.05, 5), _state.Health.Budgets);
    }

    [Fact]
    public void An_outcome_line_clears_itself_but_a_running_retraining_stays()
    {
        var at = _time.GetUtcNow();
        var activated = new RetrainProgress(at, new PolicyProgressMessage("activated", 1, "v2 is in force", "v2", At: at));
        var training = new RetrainProgress(at, new PolicyProgressMessage("training", 0.5, "step 100"));

        Assert.True(activated.IsShownAt(at + TimeSpan.FromSeconds(5)));
        Assert.False(activated.IsShownAt(at + RetrainProgress.OutcomeShownFor));
        Assert.True(training.IsShownAt(at + TimeSpan.FromHours(1)));
    }

    [Fact]
    public void A_storage_fault_in_the_health_report_is_kept_with_its_reason()
    {
        using var bus = NewBus();

        bus.Receive("tmo/dev1/health", Encoding.UTF8.GetBytes(
            """{"at":"2026-11-28T02:00:00Z","decisionLoopHealthy":true,"mqttConnected":true,"storageHealthy":false,"storageError":"database or disk is full","localRunner":{"available":true},"cloudRunner":{"available":true},"policyVersion":"v1"}"""));

        Assert.False(_state.Health!.StorageHealthy);
        Assert.Equal("database or disk is full", _state.Health.StorageError);
    }

    [Fact]
    public void Telemetry_is_kept_for_two_minutes_of_samples_and_other_devices_are_ignored()
    {
        using var bus = NewBus();

        for (var sample = 0; sample < LiveState.TelemetryHistory + 10; sample++)
        {
            bus.Receive("tmo/dev1/telemetry", Encoding.UTF8.GetBytes($$"""{"powerW":{{sample}}}"""));
        }

        bus.Receive("tmo/other/telemetry", Encoding.UTF8.GetBytes("""{"powerW":-1}"""));

        Assert.Equal(LiveState.TelemetryHistory, _state.Telemetry().Count);
        Assert.Equal(LiveState.TelemetryHistory + 9, _state.LatestTelemetry!.Sample.PowerW);
    }

    private ConsoleBus NewBus() => new(
        Options.Create(new MqttOptions()),
        Options.Create(new DaemonIdentityOptions { DeviceId = "dev1" }),
        Options.Create(new ConsoleOptions()),
        Options.Create(new StorageOptions { DataDirectory = "data" }),
        _state,
        _time,
        NullLogger<ConsoleBus>.Instance);
}
