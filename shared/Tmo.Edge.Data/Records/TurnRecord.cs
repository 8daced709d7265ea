using Tmo.Edge.Core.Runners;
using Tmo.Edge.Core.Turns;

namespace Tmo.Edge.Data.Records;

/// <summary>One user turn: the prompt as received and, once decided, the decision, its costs and the response.</summary>
public sealed class TurnRecord
{
    public const int RequestIdMaxLength = 128;
    public const int TaskMaxLength = 64;
    public const int ReplyTopicMaxLength = 512;

    public long Id { get; set; }

    public required string DialogueId { get; set; }

    public DialogueRecord? Dialogue { get; set; }

    /// <summary>1-based position in the dialogue.</summary>
    public int Sequence { get; set; }

    /// <summary>The client's id for the request, to recognise an MQTT QoS-1 redelivery.</summary>
    public string? RequestId { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>The MQTT topic the answer goes to; null for turns recorded before per-account answers.</summary>
    public string? ReplyTopic { get; set; }

    /// <summary>The request's MQTT 5 Correlation Data, returned with the answer.</summary>
    public byte[]? CorrelationData { get; set; }

    public required string Prompt { get; set; }

    public required string Task { get; set; }

    /// <summary>True when the device sent no task and the daemon classified the prompt.</summary>
    public bool TaskInferred { get; set; }

    public TurnStatus Status { get; set; }

    public int? Action { get; set; }

    /// <summary>Where the action ran (stored as "local" or "cloud"); null when the turn was refused or is pending.</summary>
    public RunnerLocation? Location { get; set; }

    public List<int> Views { get; set; } = [];

    public List<float> Probabilities { get; set; } = [];

    public List<MaskedActionRecord> Masked { get; set; } = [];

    public double? LatencyMs { get; set; }

    public double? UsageUsd { get; set; }

    public double? EnergyJ { get; set; }

    public string? ResponseText { get; set; }

    /// <summary>
    /// How good the answer was, in [0, 1] as M4A1 scores (a judge's or the user's rating); null until rated. Rated
    /// turns are what `data export` writes and what the device's own learning fits the response estimator on.
    /// </summary>
    public double? Score { get; set; }

    public string? PolicyVersion { get; set; }

    public string? Error { get; set; }

    public DateTimeOffset? AnsweredAt { get; set; }

    /// <summary>Set once the response (or refusal) has been published on MQTT.</summary>
    public DateTimeOffset? PublishedAt { get; set; }
}
