using Tmo.Edge.Core.Messaging;
using Tmo.Edge.Data.Journal;

namespace Tmo.Edge.Daemon.Decisions;

/// <summary>
/// A turn in its dialogue's lane. <see cref="Accepted"/> completes when the journal has it on disk (with its id and
/// sequence); the lane waits for that before deciding, so nothing is decided that a crash could forget.
/// <see cref="Resumed"/>: accepted before the last stop and queued again at start, so its wait says nothing of how
/// fast the daemon answers.
/// </summary>
public sealed record TurnWork(Task<AcceptedTurn> Accepted, string DialogueId, string Prompt, int TaskId, DateTimeOffset ReceivedAt, bool Resumed = false)
{
    /// <summary>The monotonic arrival time (<see cref="TimeProvider.GetTimestamp"/>) the added latency is measured from.</summary>
    public long ReceivedTimestamp { get; init; }

    /// <summary>
    /// Who sent the turn and where its answer goes; null only for a turn recorded before per-account answers, which
    /// is answered on the prefix's `out/response`.
    /// </summary>
    public required ReplyRoute? Reply { get; init; }
}
