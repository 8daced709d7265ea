using System.ComponentModel.DataAnnotations;

namespace Tmo.Edge.Console.Budgets;

/// <summary>
/// The Budgets page's model. The ranges are the daemon's own (cmd/budget and Tmo:Budgets), so nothing the console
/// saves is refused there. The three device limits are optional: empty leaves the daemon's configured value.
/// </summary>
public sealed class BudgetForm
{
    [Required(ErrorMessage = "Give a latency budget.")]
    [Range(0.001, 86_400, ErrorMessage = "The latency budget must be between 0.001 and 86400 seconds.")]
    public double? DialogueLatencyS { get; set; }

    [Required(ErrorMessage = "Give a usage budget.")]
    [Range(0, 1_000, ErrorMessage = "The usage budget must be between 0 and 1000 USD.")]
    public double? DialogueUsageUsd { get; set; }

    [Required(ErrorMessage = "Give a daily cloud cap.")]
    [Range(0, 1_000_000, ErrorMessage = "The daily cloud cap must be between 0 and 1000000 USD.")]
    public double? DailyCloudCapUsd { get; set; }

    [Range(30, 125, ErrorMessage = "The thermal limit must be between 30 and 125 °C.")]
    public double? ThermalLimitC { get; set; }

    [Range(1, 2_000, ErrorMessage = "The power cap must be between 1 and 2000 W.")]
    public double? PowerCapW { get; set; }

    [Range(0, 1_048_576, ErrorMessage = "The memory margin must be between 0 and 1048576 MiB.")]
    public double? MemoryMarginMB { get; set; }

    /// <summary>The model's validation errors (empty when valid), as the page would show them.</summary>
    public IReadOnlyList<string> Validate()
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true);
        return results.Select(r => r.ErrorMessage ?? "invalid").ToList();
    }
}
