using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tmo.Edge.Data.Settings;

namespace Tmo.Edge.Daemon.Telemetry;

/// <summary>
/// The device limits in force: "Tmo:Telemetry" defaults, each overridden by the value the console (or `cmd/budget`)
/// stored in SQLite. Reloaded with the budgets (start-up and `cmd/reload`) and applied to the sampler's feasibility
/// check in one swap, so a lower thermal limit masks the local LLM from the next sample on, without a restart.
/// </summary>
public sealed partial class DeviceLimitSettings(
    SettingsStore settings,
    LocalFeasibility feasibility,
    IOptions<TelemetryOptions> defaults,
    ILogger<DeviceLimitSettings> logger)
{
    // The ranges TelemetryOptions accepts from configuration: a stored value outside them is ignored, not obeyed.
    private static readonly (double Min, double Max) ThermalRange = (20, 150);
    private static readonly (double Min, double Max) PowerRange = (0, 10_000);
    private static readonly (double Min, double Max) MemoryRange = (0, 1 << 24);

    public DeviceLimits Current => feasibility.Limits;

    /// <summary>Re-reads the stored limits and applies them; returns what is now in force.</summary>
    public async Task<DeviceLimits> ReloadAsync(CancellationToken cancellationToken)
    {
        var configured = DeviceLimits.From(defaults.Value);
        var limits = new DeviceLimits(
            await ReadAsync(SettingKeys.ThermalLimitC, configured.ThermalLimitC, ThermalRange, cancellationToken),
            await ReadAsync(SettingKeys.PowerCapW, configured.PowerCapW, PowerRange, cancellationToken),
            await ReadAsync(SettingKeys.MemoryMarginMB, configured.MemoryMarginMB, MemoryRange, cancellationToken));
        feasibility.Apply(limits);
        LogApplied(logger, limits.ThermalLimitC, limits.PowerCapW, limits.MemoryMarginMB);
        return limits;
    }

    private async Task<double> ReadAsync(string key, double fallback, (double Min, double Max) range, CancellationToken cancellationToken)
    {
        if (await settings.GetAsync(key, cancellationToken) is not { } text)
        {
            return fallback;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= range.Min && value <= range.Max)
        {
            return value;
        }

        LogIgnored(logger, key, text, range.Min, range.Max, fallback);
        return fallback;
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Device limits applied: local LLM masked at {ThermalLimitC} C, power cap {PowerCapW} W (0: none), memory margin {MemoryMarginMB} MB")]
    private static partial void LogApplied(ILogger logger, double thermalLimitC, double powerCapW, double memoryMarginMB);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stored setting {Key} = '{Value}' is not a number in [{Min}, {Max}]; using the configured {Fallback}")]
    private static partial void LogIgnored(ILogger logger, string key, string value, double min, double max, double fallback);
}
