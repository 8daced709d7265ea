namespace Tmo.Edge.Console.Live;

/// <summary>The latest `out/decision`: which action the daemon chose for which turn (and the views it uploads), as it happened.</summary>
public sealed record LiveDecision(
    DateTimeOffset ReceivedAt, string? DialogueId, int? Turn, int Action, string? Location, string? PolicyVersion, IReadOnlyList<int>? Views = null);
