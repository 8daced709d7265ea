namespace Tmo.Edge.Daemon.Judging;

/// <summary>The shadow answers as health and the console show them.</summary>
/// <param name="Stored">Shadows rated and stored since the daemon started.</param>
/// <param name="Dropped">Shadows dropped so far, by <see cref="ShadowResults.Label"/>.</param>
public sealed record ShadowStatus(long Stored, IReadOnlyDictionary<string, long> Dropped);
