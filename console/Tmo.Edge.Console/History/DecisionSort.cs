namespace Tmo.Edge.Console.History;

/// <summary>Columns the Decisions grid sorts by on the server.</summary>
public enum DecisionSort
{
    ReceivedAt,
    DialogueId,
    Task,
    Action,
    Location,
    LatencyMs,
    UsageUsd,
}
