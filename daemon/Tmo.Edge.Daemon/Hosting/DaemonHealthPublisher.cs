using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tmo.Edge.Core.Messaging;
using Tmo.Edge.Core.Runners;
using Tmo.Edge.Daemon.Decisions;
using Tmo.Edge.Daemon.Dialogues;
using Tmo.Edge.Daemon.Mqtt;
using Tmo.Edge.Daemon.Runners;
using Tmo.Edge.Daemon.Telemetry;
using Tmo.Edge.Data.Journal;

namespace Tmo.Edge.Daemon.Hosting;

/// <summary>
/// Publishes the daemon's health, retained, on `health` every few seconds for the console's Health page: whether each
/// runner can take a turn (and why not), whether the decision loop makes progress, whether the database takes writes
/// (and why not), the MQTT link, the policy version, and the budgets and device limits in force (the console shows
/// them beside its fields and as limit lines on its charts).
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

    /// <summary>
    /// {"at","decisionLoopHealthy","mqttConnected","storageHealthy","storageError"?,"localRunner":{"available","reason"},
    /// "cloudRunner":{...},"policyVersion","budgets":{"dialogueLatencyS","dialogueUsageUsd","dailyCloudCapUsd"},
    /// "limits":{"thermalLimitC","powerCapW" (0: none),"memoryMarginMB"}}.
    /// </summary>
    internal byte[] Serialize()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("at", time.GetUtcNow());
            json.WriteBoolean("decisionLoopHealthy", loop.IsHealthy);
            json.WriteBoolean("mqttConnected", mqtt.IsConnected);
            var storage = journal.Health;
            json.WriteBoolean("storageHealthy", storage.IsHealthy);
            if (storage.LastError is { } storageError)
            {
                json.WriteString("storageError", storageError);
            }

            WriteRunner(json, "localRunner", runners.Local);
            WriteRunner(json, "cloudRunner", runners.Cloud);
            json.WriteString("policyVersion", policy.Current.Version);
            json.WriteStartObject("budgets");
            json.WriteNumber("dialogueLatencyS", budgets.Dialogue.LatencyS);
            json.WriteNumber("dialogueUsageUsd", budgets.Dialogue.UsageUsd);
            json.WriteNumber("dailyCloudCapUsd", spendGuard.CapUsd);
            json.WriteEndObject();
            var limits = deviceLimits.Current;
            json.WriteStartObject("limits");
            json.WriteNumber("thermalLimitC", limits.ThermalLimitC);
            json.WriteNumber("powerCapW", limits.PowerCapW);
            json.WriteNumber("memoryMarginMB", limits.MemoryMarginMB);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteRunner(Utf8JsonWriter json, string name, ILlmRunner runner)
    {
        json.WriteStartObject(name);
        json.WriteBoolean("available", runner.Unavailable is null);
        if (runner.Unavailable is { } reason)
        {
            json.WriteString("reason", reason);
        }

        json.WriteEndObject();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Health not published: {Reason}")]
    private static partial void LogNotPublished(ILogger logger, string reason);
}
