using Tmo.Edge.Core.Turns;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Data.Journal;

/// <summary>A dialogue and its completed turns in order: what the daemon needs to rebuild the observation after a restart.</summary>
public sealed record DialogueHistory(DialogueRecord Dialogue, IReadOnlyList<CompletedTurn> Turns);

/// <summary>The per-turn state the policy's observation is made of.</summary>
public sealed record CompletedTurn(int Sequence, int? Action, IReadOnlyList<int> Views, string Task, TurnStatus Status);
