using System.ComponentModel.DataAnnotations;
using Tmo.Edge.Core.Contracts;

namespace Tmo.Edge.Console.Budgets;

/// <summary>
/// The Budgets page's model. The ranges are the daemon's own (<see cref="InputLimits"/>, shared with cmd/budget and
/// Tmo:Budgets), so nothing the console saves is refused there. The three device limits are optional: empty leaves
/// the daemon's configured value.
/// </summary>
public sealed class BudgetForm
{
    [Required(ErrorMessage = "Give a latency budget.")]
    [Range(InputLimits.MinLatencyS, InputLimits.MaxLatencyS, ErrorMessage = "The latency budget must be between {1} and {2} seconds.")]
    public double? DialogueLatencyS { get; set; }

    [Required(ErrorMessage = "Give a usage budget.")]
    [Range(0d, InputLimits.MaxDialogueUsageUsd, ErrorMessage = "The usage budget must be between {1} and {2} USD.")]
    public double? DialogueUsageUsd { get; set; }

    [Required(ErrorMessage = "Give a daily cloud cap.")]
    [Range(0d, InputLimits.MaxDailyCloudCapUsd, ErrorMessage = "The daily cloud cap must be between {1} and {2} USD.")]
    public double? DailyCloudCapUsd { get; set; }

    [Range(InputLimits.MinThermalLimitC, InputLimits.MaxThermalLimitC, ErrorMessage = "The thermal limit must be between {1} and {2} °C.")]
    public double? ThermalLimitC { get; set; }

    [Range(0d, InputLimits.MaxPowerCapW, ErrorMessage = "The power cap must be between {1} and {2} W (0 turns the power check off).")]
    public double? PowerCapW { get; set; }

    [Range(0d, InputLimits.MaxMemoryMarginMB, ErrorMessage = "The memory margin must be between {1} and {2} MiB.")]
    public double? MemoryMarginMB { get; set; }

    /// <summary>The model's validation errors (empty when valid), as the page would show them.</summary>
    public IReadOnlyList<string> Validate()
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true);
        return results.Select(r => r.ErrorMessage ?? "invalid").ToList();
    }
}
