using System.ComponentModel.DataAnnotations;

namespace Tmo.Edge.Daemon.Policies;

/// <summary>"Tmo:Policy": the RCRL checkpoint the daemon decides with.</summary>
public sealed class PolicyOptions
{
    public const string Section = "Tmo:Policy";

    [Required(AllowEmptyStrings = false, ErrorMessage = "Tmo:Policy:CheckpointPath is required (train one with `tmo-edge policy train`).")]
    public string CheckpointPath { get; set; } = string.Empty;

    /// <summary>
    /// Where a retraining (`cmd/policy` retrain from the console) writes its checkpoints; empty: `policies` in
    /// Tmo:Storage:DataDirectory. Never beside the shipped checkpoint: /usr/share is read-only under the unit's
    /// ProtectSystem=strict, so a retraining there would fail after all its training.
    /// </summary>
    public string? RetrainedDirectory { get; set; }
}
