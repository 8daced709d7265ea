namespace Tmo.Edge.Daemon.Decisions;

/// <summary>A durably accepted turn waiting in its dialogue's lane.</summary>
public sealed record TurnWork(long TurnId, int Sequence, string DialogueId, string Prompt, int TaskId, DateTimeOffset ReceivedAt);
