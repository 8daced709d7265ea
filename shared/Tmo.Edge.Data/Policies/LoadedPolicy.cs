namespace Tmo.Edge.Data.Policies;

/// <summary>A policy checkpoint as the daemon loaded it.</summary>
public sealed record LoadedPolicy(string Version, string Algorithm, string CheckpointPath, string CheckpointSha256, string Summary);
