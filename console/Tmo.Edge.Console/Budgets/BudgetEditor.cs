using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using Tmo.Edge.Console.Live;
using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Core.Messaging;
using Tmo.Edge.Core.Options;
using Tmo.Edge.Data.Settings;

namespace Tmo.Edge.Console.Budgets;

/// <summary>
/// Reads the budgets in force and saves edits: each value that differs from the one in force is written with an audit
/// entry (SettingsStore), then `cmd/reload` tells the daemon to apply them without a restart. In force means the stored
/// setting, else what the daemon reports it applies (its configuration), else the console's own configured default.
/// </summary>
public sealed partial class BudgetEditor(SettingsStore settings, IOptions<BudgetOptions> defaults, ConsoleBus bus, ILogger<BudgetEditor> logger)
{
    public const string Saved = "saved from the console";
    public const string DaemonConfiguration = "the daemon's configuration";
    public const string ConsoleDefault = "the configured default";
    public const string NotReported = "the daemon's configuration (not reported yet)";

    /// <summary>Every field's value in force, by setting key, and where it comes from.</summary>
    public async Task<IReadOnlyDictionary<string, BudgetValue>> InForceAsync(DaemonHealth? health, CancellationToken cancellationToken)
    {
        var d = defaults.Value;
        var reported = new Dictionary<string, double?>
        {
            [SettingKeys.DialogueLatencyS] = health?.Budgets?.DialogueLatencyS,
            [SettingKeys.DialogueUsageUsd] = health?.Budgets?.DialogueUsageUsd,
            [SettingKeys.DailyCloudCapUsd] = health?.Budgets?.DailyCloudCapUsd,
            [SettingKeys.ThermalLimitC] = health?.Limits?.ThermalLimitC,
            [SettingKeys.PowerCapW] = health?.Limits?.PowerCapW,
            [SettingKeys.MemoryMarginMB] = health?.Limits?.MemoryMarginMB,
        };
        var consoleDefaults = new Dictionary<string, double?>
        {
            [SettingKeys.DialogueLatencyS] = d.DialogueLatencyS,
            [SettingKeys.DialogueUsageUsd] = d.DialogueUsageUsd,
            [SettingKeys.DailyCloudCapUsd] = d.DailyCloudCapUsd,
        };

        var inForce = new Dictionary<string, BudgetValue>();
        foreach (var field in BudgetField.All)
        {
            inForce[field.Key] = await ReadAsync(field.Key, cancellationToken) is { } stored
                ? new BudgetValue(stored, Saved)
                : reported[field.Key] is { } daemon
                    ? new BudgetValue(daemon, DaemonConfiguration)
                    : consoleDefaults.GetValueOrDefault(field.Key) is { } fallback
                        ? new BudgetValue(fallback, ConsoleDefault)
                        : new BudgetValue(null, NotReported);
        }

        return inForce;
    }

    /// <summary>The form filled with the values in force; a device limit nobody saved stays empty (the daemon's own applies).</summary>
    public static BudgetForm FormOf(IReadOnlyDictionary<string, BudgetValue> inForce)
    {
        ArgumentNullException.ThrowIfNull(inForce);
        double? Saved(string key) => inForce[key].Source == BudgetEditor.Saved ? inForce[key].Value : null;
        return new BudgetForm
        {
            DialogueLatencyS = inForce[SettingKeys.DialogueLatencyS].Value,
            DialogueUsageUsd = inForce[SettingKeys.DialogueUsageUsd].Value,
            DailyCloudCapUsd = inForce[SettingKeys.DailyCloudCapUsd].Value,
            ThermalLimitC = Saved(SettingKeys.ThermalLimitC),
            PowerCapW = Saved(SettingKeys.PowerCapW),
            MemoryMarginMB = Saved(SettingKeys.MemoryMarginMB),
        };
    }

    /// <summary>
    /// Saves a valid form (throws <see cref="ArgumentException"/> otherwise, writing nothing) and announces the change;
    /// returns exactly the settings that changed against <paramref name="inForce"/>. When the reload cannot be sent, the
    /// settings are saved and the exception says so: the daemon applies them at its next start or reload.
    /// </summary>
    public async Task<IReadOnlyList<BudgetChange>> SaveAsync(
        BudgetForm form, IReadOnlyDictionary<string, BudgetValue> inForce, string user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(inForce);
        if (form.Validate() is { Count: > 0 } errors)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(form));
        }

        var actor = $"console:{user}";
        var changes = new List<BudgetChange>();
        foreach (var field in BudgetField.All)
        {
            var from = inForce.TryGetValue(field.Key, out var current) ? current.Value : null;
            if (field.Read(form) is { } value && value != from
                && await settings.SetAsync(field.Key, value.ToString("R", CultureInfo.InvariantCulture), actor, cancellationToken))
            {
                changes.Add(new BudgetChange(field, from, value));
            }
        }

        if (changes.Count > 0)
        {
            await bus.SendCommandAsync(TopicLayout.Reload, Encoding.UTF8.GetBytes("{}"), cancellationToken);
            var described = BudgetChange.Describe(changes);
            LogSaved(logger, described, user);
        }

        return changes;
    }

    private async Task<double?> ReadAsync(string key, CancellationToken cancellationToken) =>
        await settings.GetAsync(key, cancellationToken) is { } text
        && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Budgets saved by {User}: {Changes} cmd/reload sent")]
    private static partial void LogSaved(ILogger logger, string changes, string user);
}
