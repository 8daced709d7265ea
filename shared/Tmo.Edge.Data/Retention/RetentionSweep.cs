namespace Tmo.Edge.Data.Retention;

/// <summary>What one retention sweep deleted, everything older than Cutoff.</summary>
public sealed record RetentionSweep(DateTimeOffset Cutoff, int Dialogues, int Turns, int TelemetrySamples, int AuditEntries);
