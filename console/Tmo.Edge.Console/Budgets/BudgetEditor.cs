using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using Tmo.Edge.Console.Live;
using Tmo.Edge.Core.Messaging;
using Tmo.Edge.Core.Options;
using Tmo.Edge.Data.Settings;

namespace Tmo.Edge.Console.Budgets;

/// <summary>
/// Reads the budgets in force (stored settings over the configured defaults) and saves edits: each changed value is
/// written with an audit entry (SettingsStore), then `cmd/reload` tells the daemon to apply them without a restart.
/// </summary>
public sealed partial class BudgetEditor(SettingsStore settings, IOptions<BudgetOptions> defaults, ConsoleBus bus, ILogger<BudgetEditor> logger)
{
    public async Task<BudgetForm> LoadAsync(CancellationToken cancellationToken)
    {
        var d = defaults.Value;
        return new BudgetForm
        {
            DialogueLatencyS = await ReadAsync(SettingKeys.DialogueLatencyS, cancellationToken) ?? d.DialogueLatencyS,
            DialogueUsageUsd = await ReadAsync(SettingKeys.DialogueUsageUsd, cancellationToken) ?? d.DialogueUsageUsd,
            DailyCloudCapUsd = await ReadAsync(SettingKeys.DailyCloudCapUsd, cancellationToken) ?? d.DailyCloudCapUsd,
            ThermalLimitC = await ReadAsync(SettingKeys.ThermalLimitC, cancellationToken),
            PowerCapW = await ReadAsync(SettingKeys.PowerCapW, cancellationToken),
            MemoryMarginMB = await ReadAsync(SettingKeys.MemoryMarginMB, cancellationToken),
        };
    }

    /// <summary>
    /// Saves a valid form (throws <see cref="ArgumentException"/> otherwise, writing nothing) and announces the change;
    /// returns how many settings changed. When the reload cannot be sent, the settings are saved and the exception says
    /// so: the daemon applies them at its next start or reload.
    /// </summary>
    public async Task<int> SaveAsync(BudgetForm form, string user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (form.Validate() is { Count: > 0 } errors)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(form));
        }

        var actor = $"console:{user}";
        var changed = 0;
        foreach (var (key, value) in new (string, double?)[]
                 {
                     (SettingKeys.DialogueLatencyS, form.DialogueLatencyS),
                     (SettingKeys.DialogueUsageUsd, form.DialogueUsageUsd),
                     (SettingKeys.DailyCloudCapUsd, form.DailyCloudCapUsd),
                     (SettingKeys.ThermalLimitC, form.ThermalLimitC),
                     (SettingKeys.PowerCapW, form.PowerCapW),
                     (SettingKeys.MemoryMarginMB, form.MemoryMarginMB),
                 })
        {
            if (value is { } v && await settings.SetAsync(key, v.ToString("R", CultureInfo.InvariantCulture), actor, cancellationToken))
            {
                changed++;
            }
        }

        if (changed > 0)
        {
            await bus.SendCommandAsync(TopicLayout.Reload, Encoding.UTF8.GetBytes("{}"), cancellationToken);
            LogSaved(logger, changed, user);
        }

        return changed;
    }

    private async Task<double?> ReadAsync(string key, CancellationToken cancellationToken) =>
        await settings.GetAsync(key, cancellationToken) is { } text
        && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "{Changed} budget settings changed by {User}; cmd/reload sent")]
    private static partial void LogSaved(ILogger logger, int changed, string user);
}
