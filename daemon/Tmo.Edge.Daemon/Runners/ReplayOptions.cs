using System.ComponentModel.DataAnnotations;

namespace Tmo.Edge.Daemon.Runners;

/// <summary>"Tmo:Replay": the replay runner answers from M4A1's recorded turns.</summary>
public sealed class ReplayOptions
{
    public const string Section = "Tmo:Replay";

    /// <summary>M4A1 JSON (also trains the task classifier).</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Tmo:Replay:DatasetPath is required (the M4A1 JSON file).")]
    public string DatasetPath { get; set; } = string.Empty;

    /// <summary>Recorded latencies are multiplied by this; 0 answers instantly (load tests).</summary>
    [Range(0d, 100d)]
    public double SpeedFactor { get; set; } = 1;
}
