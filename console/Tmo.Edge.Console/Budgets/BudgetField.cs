using Tmo.Edge.Console.Formatting;
using Tmo.Edge.Data.Settings;

namespace Tmo.Edge.Console.Budgets;

/// <summary>One field of the Budgets page: its setting, its name in words, its value on the form, its unit.</summary>
public sealed record BudgetField(string Key, string Label, Func<BudgetForm, double?> Read, Func<double?, string> Format)
{
    public static IReadOnlyList<BudgetField> All { get; } =
    [
        new(SettingKeys.DialogueLatencyS, "latency budget", f => f.DialogueLatencyS, Units.Seconds),
        new(SettingKeys.DialogueUsageUsd, "usage budget", f => f.DialogueUsageUsd, Units.Usd),
        new(SettingKeys.DailyCloudCapUsd, "daily cloud cap", f => f.DailyCloudCapUsd, Units.Usd),
        new(SettingKeys.ThermalLimitC, "thermal limit", f => f.ThermalLimitC, Units.Celsius),
        new(SettingKeys.PowerCapW, "power cap", f => f.PowerCapW, v => v is 0 ? "none" : Units.Watts(v)),
        new(SettingKeys.MemoryMarginMB, "memory margin", f => f.MemoryMarginMB, Units.Mebibytes),
    ];
}

/// <summary>A value in force and where it comes from, as the page shows it under its field.</summary>
public sealed record BudgetValue(double? Value, string Source);

/// <summary>One setting a save changed.</summary>
public sealed record BudgetChange(BudgetField Field, double? From, double To)
{
    public override string ToString() => $"{Field.Label} from {Field.Format(From)} to {Field.Format(To)}";

    /// <summary>"Changed the daily cloud cap from 5 USD to 7 USD" or "Nothing changed".</summary>
    public static string Describe(IReadOnlyList<BudgetChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return changes.Count == 0 ? "Nothing changed." : $"Changed the {string.Join(", the ", changes)}.";
    }
}
