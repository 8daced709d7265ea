namespace Tmo.Edge.Core.Turns;

/// <summary>
/// Where a turn stands, for the daemon's decision code, the journal and the console alike. Stored by name (the
/// Turns.Status column) so the console and ad-hoc SQL read it without a lookup table: never rename a member.
/// </summary>
public enum TurnStatus
{
    /// <summary>Accepted and acknowledged, not yet decided.</summary>
    Pending,

    Answered,

    /// <summary>No action fitted the remaining budget.</summary>
    Refused,

    Failed,
}
