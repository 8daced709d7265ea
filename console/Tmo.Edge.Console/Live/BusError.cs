namespace Tmo.Edge.Console.Live;

/// <summary>A message the daemon rejected, from the `error` topic.</summary>
public sealed record BusError(DateTimeOffset ReceivedAt, string Topic, string Reason);
