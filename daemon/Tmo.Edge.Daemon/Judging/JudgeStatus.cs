namespace Tmo.Edge.Daemon.Judging;

/// <summary>The judge as health and the console show it.</summary>
/// <param name="Off">Why the judge does not run (no cloud LLM, or disabled); null while it runs.</param>
/// <param name="Dropped">Samples dropped so far, by <see cref="JudgeResults.Label"/>.</param>
public sealed record JudgeStatus(string? Off, double SpentTodayUsd, double DailyCapUsd, long Judged, IReadOnlyDictionary<string, long> Dropped);
