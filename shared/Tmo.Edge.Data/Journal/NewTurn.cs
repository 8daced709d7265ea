using Tmo.Edge.Core.Turns;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Data.Journal;

/// <summary>A prompt as it arrived, before any decision.</summary>
public sealed record NewTurn(
    string DialogueId,
    string? RequestId,
    DateTimeOffset ReceivedAt,
    string Prompt,
    string Task,
    bool TaskInferred)
{
    /// <summary>The broker account that sent the turn; a dialogue belongs to the account of its first turn.</summary>
    public string? Owner { get; init; }

    /// <summary>Where the turn's answer goes (an MQTT topic), kept so an answer given after a restart goes there too.</summary>
    public string? ReplyTopic { get; init; }

    /// <summary>The request's MQTT 5 Correlation Data, returned with its answer.</summary>
    public byte[]? CorrelationData { get; init; }

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(DialogueId);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(DialogueId.Length, DialogueRecord.IdMaxLength, nameof(DialogueId));
        if (RequestId is not null)
        {
            ArgumentException.ThrowIfNullOrEmpty(RequestId);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(RequestId.Length, TurnRecord.RequestIdMaxLength, nameof(RequestId));
        }

        ArgumentNullException.ThrowIfNull(Prompt);
        ArgumentException.ThrowIfNullOrEmpty(Task);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Task.Length, TurnRecord.TaskMaxLength, nameof(Task));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Owner?.Length ?? 0, DialogueRecord.OwnerMaxLength, nameof(Owner));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ReplyTopic?.Length ?? 0, TurnRecord.ReplyTopicMaxLength, nameof(ReplyTopic));
    }
}

/// <summary>The latency (s) and usage (USD) budgets a dialogue starts with.</summary>
public sealed record DialogueBudget(double LatencyS, double UsageUsd)
{
    internal void Validate()
    {
        if (!double.IsFinite(LatencyS) || LatencyS < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(LatencyS), LatencyS, "A latency budget is a finite, non-negative number of seconds.");
        }

        if (!double.IsFinite(UsageUsd) || UsageUsd < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(UsageUsd), UsageUsd, "A usage budget is a finite, non-negative amount of USD.");
        }
    }
}

/// <summary>
/// The journal's answer to a prompt: its id and position, and whether it was a redelivery of a turn already accepted
/// (then Status says how far that turn got). <see cref="OwnedByAnother"/>: the dialogue belongs to another account,
/// and nothing was recorded.
/// </summary>
public sealed record AcceptedTurn(long TurnId, int Sequence, TurnStatus Status, bool Duplicate)
{
    public bool OwnedByAnother { get; init; }

    /// <summary>The answer to a turn for a dialogue another account opened.</summary>
    public static AcceptedTurn Foreign { get; } = new(0, 0, TurnStatus.Pending, Duplicate: false) { OwnedByAnother = true };
}
