using System.ComponentModel.DataAnnotations;

namespace Tmo.Edge.Core.Options;

/// <summary>"Tmo:Policy": the RCRL checkpoint the daemon decides with.</summary>
public sealed class PolicyOptions : IValidatableObject
{
    public const string Section = "Tmo:Policy";

    [Required(AllowEmptyStrings = false, ErrorMessage = "Tmo:Policy:CheckpointPath is required (train one with `tmo-edge policy train`).")]
    public string CheckpointPath { get; set; } = string.Empty;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(CheckpointPath) && !File.Exists(CheckpointPath))
        {
            yield return new ValidationResult($"Tmo:Policy:CheckpointPath '{CheckpointPath}' does not exist.", [nameof(CheckpointPath)]);
        }
    }
}
