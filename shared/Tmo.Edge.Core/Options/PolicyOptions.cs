using System.ComponentModel.DataAnnotations;

namespace Tmo.Edge.Core.Options;

/// <summary>"Tmo:Policy": the RCRL checkpoint the daemon decides with.</summary>
public sealed class PolicyOptions : IValidatableObject
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

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(CheckpointPath) && !File.Exists(CheckpointPath))
        {
            yield return new ValidationResult($"Tmo:Policy:CheckpointPath '{CheckpointPath}' does not exist.", [nameof(CheckpointPath)]);
        }

        if (!string.IsNullOrEmpty(RetrainedDirectory) && RetrainedDirectoryProblem(RetrainedDirectory) is { } problem)
        {
            yield return new ValidationResult($"Tmo:Policy:RetrainedDirectory '{RetrainedDirectory}' {problem}", [nameof(RetrainedDirectory)]);
        }
    }

    private static string? RetrainedDirectoryProblem(string directory)
    {
        if (string.IsNullOrWhiteSpace(directory) || directory.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            return "is not a path.";
        }

        return File.Exists(directory) ? "is a file, not a directory." : null;
    }
}
