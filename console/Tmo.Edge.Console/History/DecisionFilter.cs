using Tmo.Edge.Core.Runners;

namespace Tmo.Edge.Console.History;

/// <summary>The Decisions grid's filters; null or empty means "any".</summary>
public sealed record DecisionFilter
{
    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    /// <summary>Part of the dialogue id.</summary>
    public string? Dialogue { get; init; }

    public string? Task { get; init; }

    public int? Action { get; init; }

    public RunnerLocation? Location { get; init; }

    public bool ErrorsOnly { get; init; }

    /// <summary>Searched in the prompt and the answer.</summary>
    public string? Text { get; init; }
}
