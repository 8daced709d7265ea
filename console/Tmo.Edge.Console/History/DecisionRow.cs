using Tmo.Edge.Core.Runners;
using Tmo.Edge.Core.Turns;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Console.History;

/// <summary>One line of the Decisions grid.</summary>
public sealed record DecisionRow(
    long Id,
    DateTimeOffset ReceivedAt,
    string DialogueId,
    int Turn,
    string Task,
    TurnStatus Status,
    int? Action,
    RunnerLocation? Location,
    double? LatencyMs,
    double? UsageUsd,
    double? EnergyJ,
    string? PolicyVersion,
    string? Error,
    string Prompt,
    IReadOnlyList<int> Views);
