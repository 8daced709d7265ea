namespace Tmo.Edge.Data.Records;

/// <summary>A policy checkpoint the daemon loaded, so every turn's PolicyVersion can be traced to its file.</summary>
public sealed class PolicyVersionRecord
{
    public const int VersionMaxLength = 128;

    public required string Version { get; set; }

    public required string Algorithm { get; set; }

    public required string CheckpointPath { get; set; }

    public required string CheckpointSha256 { get; set; }

    /// <summary>When this version was last loaded.</summary>
    public DateTimeOffset LoadedAt { get; set; }

    public required string Summary { get; set; }
}
