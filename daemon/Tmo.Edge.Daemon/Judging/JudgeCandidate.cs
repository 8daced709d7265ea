namespace Tmo.Edge.Daemon.Judging;

/// <summary>An answered turn, recorded durably, that the judge sampled: what it rates and where the rating goes.</summary>
public sealed record JudgeCandidate(string DialogueId, int Sequence, string Task, string Prompt, string Answer);
