using System.Globalization;
using Microsoft.Extensions.Options;
using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Core.Options;
using Tmo.Edge.Daemon.Decisions;
using Tmo.Edge.Daemon.Telemetry;
using Tmo.Edge.Data.Journal;
using Tmo.Edge.Data.Settings;

namespace Tmo.Edge.Daemon.Dialogues;

/// <summary>
/// The budgets in force: configuration defaults, overridden by what the console (or `cmd/budget`) stored in SQLite.
/// New dialogues start with the current per-dialogue budgets; running dialogues keep the budgets they started with.
/// The device limits on the same console page are reloaded with them.
/// </summary>
public sealed class BudgetSettings(
    SettingsStore settings, IOptions<BudgetOptions> defaults, CloudSpendGuard spendGuard, DeviceLimitSettings deviceLimits)
{
    public const string LatencyKey = SettingKeys.DialogueLatencyS;
    public const string UsageKey = SettingKeys.DialogueUsageUsd;
    public const string DailyCapKey = SettingKeys.DailyCloudCapUsd;

    private volatile DialogueBudget _dialogue = new(defaults.Value.DialogueLatencyS, defaults.Value.DialogueUsageUsd);

    public DialogueBudget Dialogue => _dialogue;

    public int MaxDialogueTurns => defaults.Value.MaxDialogueTurns;

    /// <summary>Re-reads the stored settings (start-up and `cmd/reload`).</summary>
    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        var latency = await ReadAsync(LatencyKey, defaults.Value.DialogueLatencyS, cancellationToken);
        var usage = await ReadAsync(UsageKey, defaults.Value.DialogueUsageUsd, cancellationToken);
        var cap = await ReadAsync(DailyCapKey, defaults.Value.DailyCloudCapUsd, cancellationToken);
        _dialogue = new DialogueBudget(latency, usage);
        spendGuard.SetCap(cap);
        await deviceLimits.ReloadAsync(cancellationToken);
    }

    /// <summary>Stores and applies a budget command; every change is audited by the settings store.</summary>
    public async Task ApplyAsync(BudgetCommand command, string changedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        await WriteAsync(LatencyKey, command.LatencyS, changedBy, cancellationToken);
        await WriteAsync(UsageKey, command.UsageUsd, changedBy, cancellationToken);
        await WriteAsync(DailyCapKey, command.DailyCapUsd, changedBy, cancellationToken);
        await WriteAsync(SettingKeys.ThermalLimitC, command.ThermalLimitC, changedBy, cancellationToken);
        await WriteAsync(SettingKeys.PowerCapW, command.PowerCapW, changedBy, cancellationToken);
        await WriteAsync(SettingKeys.MemoryMarginMB, command.MemoryMarginMB, changedBy, cancellationToken);
        await ReloadAsync(cancellationToken);
    }

    private async Task<double> ReadAsync(string key, double fallback, CancellationToken cancellationToken) =>
        await settings.GetAsync(key, cancellationToken) is { } text
        && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : fallback;

    private async Task WriteAsync(string key, double? value, string changedBy, CancellationToken cancellationToken)
    {
        if (value is { } v)
        {
            await settings.SetAsync(key, v.ToString("R", CultureInfo.InvariantCulture), changedBy, cancellationToken);
        }
    }
}
