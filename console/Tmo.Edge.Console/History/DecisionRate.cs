namespace Tmo.Edge.Console.History;

/// <summary>Decisions answered in one minute, by kind of action.</summary>
public sealed record DecisionRate(DateTimeOffset Minute, int Local, int CloudText, int CloudViews);
