using System.ComponentModel.DataAnnotations;
using Tmo.Edge.Core.Contracts;

namespace Tmo.Edge.Core.Options;

/// <summary>"Tmo:Budgets": what each dialogue may spend, and the cloud spend cap per UTC day.</summary>
public sealed class BudgetOptions
{
    public const string Section = "Tmo:Budgets";

    /// <summary>Latency budget per dialogue, seconds (the paper's evaluation default: 30).</summary>
    [Range(InputLimits.MinLatencyS, InputLimits.MaxLatencyS)]
    public double DialogueLatencyS { get; set; } = 30;

    /// <summary>Usage budget per dialogue, USD (the paper's evaluation default: 0.05).</summary>
    [Range(0d, InputLimits.MaxDialogueUsageUsd)]
    public double DialogueUsageUsd { get; set; } = 0.05;

    /// <summary>Cloud spend cap per UTC day, USD, across all dialogues.</summary>
    [Range(0d, InputLimits.MaxDailyCloudCapUsd)]
    public double DailyCloudCapUsd { get; set; } = 5;

    /// <summary>How many turns the shield reserves budget for (M4A1 dialogues have at most 5).</summary>
    [Range(1, 1_000)]
    public int MaxDialogueTurns { get; set; } = 5;

    /// <summary>A dialogue with no turn for this long is closed and forgotten from memory.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan DialogueIdleTimeout { get; set; } = TimeSpan.FromMinutes(30);
}
