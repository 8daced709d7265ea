using System.ComponentModel.DataAnnotations;

namespace Tmo.Edge.Daemon.Ingress;

/// <summary>"Tmo:Limits": the largest inputs the daemon accepts; anything larger is rejected on `error`.</summary>
public sealed class LimitOptions
{
    public const string Section = "Tmo:Limits";

    [Range(16, 1 << 20)]
    public int MaxPromptBytes { get; set; } = 8 * 1024;

    [Range(1024, 64 << 20)]
    public int MaxFrameBytes { get; set; } = 2 << 20;

    [Range(16, 1 << 20)]
    public int MaxSensorBytes { get; set; } = 4 * 1024;

    /// <summary>Base64 WAV in `in/voice`.</summary>
    [Range(1024, 64 << 20)]
    public int MaxVoiceBytes { get; set; } = 4 << 20;

    [Range(2, 64)]
    public int MaxJsonDepth { get; set; } = 8;

    /// <summary>The journal keeps 128 at most, whatever is configured here.</summary>
    [Range(1, 256)]
    public int MaxDialogueIdLength { get; set; } = 128;

    /// <summary>
    /// Deliveries of the same message (topic and payload) that failed on storage before it is dead-lettered and
    /// acknowledged. The reconnect backoff lies between them, so a shorter storage outage never dead-letters anything.
    /// </summary>
    [Range(2, 100)]
    public int DeadLetterAfterFailures { get; set; } = 3;
}
