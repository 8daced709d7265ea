namespace Tmo.Edge.Core.Contracts;

/// <summary>`in/prompt`: one user turn. RequestId (optional) de-duplicates QoS-1 redeliveries.</summary>
public sealed record PromptMessage(string DialogueId, string Text, string? Task = null, DateTimeOffset? Ts = null, string? RequestId = null);

/// <summary>`in/voice`: a spoken turn, as a transcript or base64 WAV audio.</summary>
public sealed record VoiceMessage(string DialogueId, string? Transcript = null, string? Audio = null, string? RequestId = null);

/// <summary>
/// `in/feedback`: how good the answer to turn <paramref name="Turn"/> (1-based, as in the dialogue's responses) was.
/// <paramref name="Score"/> is a number in [0, 1] or "up" (1) or "down" (0); kept as JSON because it may be either.
/// </summary>
public sealed record FeedbackMessage(string DialogueId, int? Turn = null, System.Text.Json.JsonElement? Score = null)
{
    public const string Up = "up";
    public const string Down = "down";
}

/// <summary>
/// `cmd/policy`: "activate" (or roll back to) a version the daemon has loaded before or the retrained candidate it
/// holds back, "retrain", or "discard" the held-back candidate. A candidate that scored worse than the active policy
/// is activated only with <paramref name="Confirmed"/> set: an administrator saw the comparison and chose it anyway.
/// </summary>
public sealed record PolicyCommand(string Action, string? Version = null, bool Confirmed = false)
{
    public const string Activate = "activate";
    public const string Retrain = "retrain";
    public const string Discard = "discard";
}

/// <summary>`cmd/budget`: new default budgets and device limits; omitted fields keep their value.</summary>
public sealed record BudgetCommand(
    double? LatencyS = null,
    double? UsageUsd = null,
    double? DailyCapUsd = null,
    double? ThermalLimitC = null,
    double? PowerCapW = null,
    double? MemoryMarginMB = null);
