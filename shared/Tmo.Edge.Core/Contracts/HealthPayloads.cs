using System.Text.Json.Serialization;

namespace Tmo.Edge.Core.Contracts;

/// <summary>
/// `health`, retained: the daemon's runners, decision loop, MQTT link, journal storage and policy, and the budgets and
/// device limits in force. On the wire in the order the daemon has always written it (at, decisionLoopHealthy,
/// mqttConnected, storageHealthy, storageError?, localRunner, cloudRunner, policyVersion, budgets, limits, judge, learning). A
/// report from a daemon too old to carry storage reads as healthy there rather than failing; one too old to carry the
/// budgets, limits, judge or learning leaves them null.
/// </summary>
public sealed record DaemonHealth(
    [property: JsonPropertyOrder(-2)] DateTimeOffset At,
    [property: JsonPropertyOrder(-2)] bool DecisionLoopHealthy,
    [property: JsonPropertyOrder(-2)] bool MqttConnected,
    RunnerHealth LocalRunner,
    RunnerHealth CloudRunner,
    string? PolicyVersion,
    [property: JsonPropertyOrder(-1)] bool StorageHealthy = true,
    [property: JsonPropertyOrder(-1)] string? StorageError = null,
    BudgetsInForce? Budgets = null,
    LimitsInForce? Limits = null,
    JudgeHealth? Judge = null,
    LearningHealth? Learning = null);

/// <summary>Whether a runner can take a turn now, and why not (overheated, model not loaded, circuit open).</summary>
public sealed record RunnerHealth(bool Available, string? Reason = null);

/// <summary>The per-dialogue budgets and the daily cloud cap the daemon applies now.</summary>
public sealed record BudgetsInForce(double DialogueLatencyS, double DialogueUsageUsd, double DailyCloudCapUsd);

/// <summary>The device limits the daemon applies now (configured, or as saved from the console); a power cap of 0 is none.</summary>
public sealed record LimitsInForce(double ThermalLimitC, double PowerCapW, double MemoryMarginMB);

/// <summary>
/// The judge (docs/policy.md, "Learning on the device"): whether it runs (and why not), what it was charged today under
/// its own daily cap, the turns it rated and the samples it dropped, by reason (dropped_cap, dropped_parse,
/// dropped_error, dropped_circuit, dropped_queue), and its shadow answers (null from a daemon without them).
/// </summary>
public sealed record JudgeHealth(
    bool On, string? Off, double SpentTodayUsd, double DailyCapUsd, long Judged, IReadOnlyDictionary<string, long> Dropped, ShadowHealth? Shadows = null);

/// <summary>
/// The judge's shadow answers since the daemon started: those rated and stored, and those dropped, by reason
/// (dropped_queue, dropped_stale, dropped_cap, dropped_unavailable, dropped_parse, dropped_error).
/// </summary>
public sealed record ShadowHealth(long Stored, IReadOnlyDictionary<string, long> Dropped);

/// <summary>
/// The learning on the device (docs/policy.md, "Learning on the device"): what it does or waits for
/// (off, waiting_for_rated_turns, waiting_for_training, waiting_for_idle, waiting_for_cool, training, failed) and why,
/// the journal's rated turns it can learn from, and its last round's verdict.
/// </summary>
public sealed record LearningHealth(string State, string Detail, int RatedTurns, LearningRoundHealth? LastRound = null);

/// <summary>A round of learning on the device: when, whether the challenger was promoted over the champion, and why.</summary>
public sealed record LearningRoundHealth(int Round, DateTimeOffset At, bool Promoted, string Champion, string Challenger, string Reason);
