namespace Tmo.Edge.Data.Records;

/// <summary>Where a turn stands. Stored by name so the console and ad-hoc SQL read it without a lookup table.</summary>
public enum TurnStatus
{
    /// <summary>Accepted and acknowledged, not yet decided.</summary>
    Pending,

    Answered,

    /// <summary>No action fitted the remaining budget.</summary>
    Refused,

    Failed,
}
