namespace Tmo.Edge.Daemon.Judging;

/// <summary>
/// A judged turn drawn for a shadow answer: the played turn's prompt and task, the other side's action and its views
/// (fixed when it is drawn, from the policy that played the turn), whose frames and sensors go with it, and when it
/// was drawn (monotonic timestamp, for staleness).
/// </summary>
public sealed record ShadowCandidate(
    string DialogueId, int Sequence, string Task, string Prompt, string Account, int Action, IReadOnlyList<int> Views, long DrawnAt);
