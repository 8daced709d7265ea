using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Core.Messaging;
using Tmo.Edge.Core.Runners;
using Tmo.Edge.Daemon.Decisions;
using Tmo.Edge.Daemon.Dialogues;
using Tmo.Edge.Daemon.Judging;
using Tmo.Edge.Daemon.Learning;
using Tmo.Edge.Daemon.Mqtt;
using Tmo.Edge.Daemon.Runners;
using Tmo.Edge.Daemon.Telemetry;
using Tmo.Edge.Data.Journal;

namespace Tmo.Edge.Daemon.Hosting;

/// <summary>
/// Publishes the daemon's health, retained, on `health` every few seconds for the console's Health page: whether each
/// runner can take a turn (and why not), whether the decision loop makes progress, whether the database takes writes
/// (and why not), the MQTT link, the policy version, the budgets and device limits in force (the console shows
/// them beside its fields and as limit lines on its charts), the judge's spend and counts (its shadow answers' too),
/// and the learning on the device.
/// A publish that fails (broker away) is skipped; the next one says how things stand then.
/// </summary>
public sealed partial class DaemonHealthPublisher(
    LlmRunners runners,
    PolicyInForce policy,
    DecisionLoopHealth loop,
    MqttTrafficCounters mqtt,
    TurnJournal journal,
    BudgetSettings budgets,
    CloudSpendGuard spendGuard,
    DeviceLimitSettings deviceLimits,
    TurnJudge judge,
    ShadowAnswerer shadows,
    LearningStatus learning,
    IMessagePublisher publisher,
    TimeProvider time,
    ILogger<DaemonHealthPublisher> logger) : BackgroundService
{
    public const string Topic = "health";

    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        var failing = false;
        try
        {
            do
            {
                try
                {
                    await publisher.PublishAsync(Topic, Serialize(), retain: true, stoppingToken);
                    failing = false;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    if (!failing)
                    {
                        LogNotPublished(logger, ex.Message);
                    }

                    failing = true;
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>The `health` payload (docs/mqtt-contract.md).</summary>
    internal byte[] Serialize()
    {
        var storage = journal.Health;
        var limits = deviceLimits.Current;
        var judged = judge.Status;
        var shadowed = shadows.Status;
        var health = new DaemonHealth(
            time.GetUtcNow(),
            loop.IsHealthy,
            mqtt.IsConnected,
            RunnerHealthOf(runners.Local),
            RunnerHealthOf(runners.Cloud),
            policy.Current.Version,
            storage.IsHealthy,
            storage.LastError,
            new BudgetsInForce(budgets.Dialogue.LatencyS, budgets.Dialogue.UsageUsd, spendGuard.CapUsd),
            new LimitsInForce(limits.ThermalLimitC, limits.PowerCapW, limits.MemoryMarginMB),
            new JudgeHealth(judged.Off is null, judged.Off, judged.SpentTodayUsd, judged.DailyCapUsd, judged.Judged, judged.Dropped,
                new ShadowHealth(shadowed.Stored, shadowed.Dropped)),
            learning.ToHealth());
        return JsonSerializer.SerializeToUtf8Bytes(health, ContractJsonContext.Default.DaemonHealth);
    }

    private static RunnerHealth RunnerHealthOf(ILlmRunner runner) => new(runner.Unavailable is null, runner.Unavailable);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Health not published: {Reason}")]
    private static partial void LogNotPublished(ILogger logger, string reason);
}
