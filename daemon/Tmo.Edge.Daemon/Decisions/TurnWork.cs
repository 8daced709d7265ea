using Tmo.Edge.Data.Journal;

namespace Tmo.Edge.Daemon.Decisions;

/// <summary>
/// A turn in its dialogue's lane. <see cref="Accepted"/> completes when the journal has it on disk (with its id and
/// sequence); the lane waits for that before deciding, so nothing is decided that a crash could forget.
/// </summary>
public sealed record TurnWork(Task<AcceptedTurn> Accepted, string DialogueId, string Prompt, int TaskId, DateTimeOffset ReceivedAt);
