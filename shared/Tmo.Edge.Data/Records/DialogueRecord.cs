namespace Tmo.Edge.Data.Records;

/// <summary>One device dialogue: the budgets it started with and what its answered turns have spent so far.</summary>
public sealed class DialogueRecord
{
    public const int IdMaxLength = 128;

    public const int OwnerMaxLength = 64;

    /// <summary>The device's dialogueId.</summary>
    public required string Id { get; set; }

    /// <summary>
    /// The broker account that opened it; only that account's prompts may continue it. Null for dialogues recorded
    /// before accounts existed: the next account to send a turn claims it.
    /// </summary>
    public string? Owner { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset LastActivityAt { get; set; }

    public double LatencyBudgetS { get; set; }

    public double UsageBudgetUsd { get; set; }

    public double SpentLatencyS { get; set; }

    public double SpentUsageUsd { get; set; }

    /// <summary>Turns accepted so far, which is also the Sequence of the latest one.</summary>
    public int TurnCount { get; set; }

    /// <summary>Set when the dialogue idled out; a later turn reopens it.</summary>
    public DateTimeOffset? ClosedAt { get; set; }

    public List<TurnRecord> Turns { get; set; } = [];
}
