using System.Globalization;
using Tmo.Edge.Data.Settings;

namespace Tmo.Edge.Daemon.Judging;

/// <summary>
/// The judge's spend per UTC day in the settings store (one key per day, written before each call is made), so a
/// restart cannot hand the judge a fresh cap for a day it already spent. Each write is audited like any setting.
/// </summary>
public sealed class JudgeSpend(SettingsStore settings)
{
    private const string Writer = "judge";

    public static string Key(DateOnly day) => SettingKeys.JudgeSpentUsdPrefix + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public async Task<double> OnAsync(DateOnly day, CancellationToken cancellationToken) =>
        await settings.GetAsync(Key(day), cancellationToken) is { } stored
        && double.TryParse(stored, NumberStyles.Float, CultureInfo.InvariantCulture, out var usd) && double.IsFinite(usd) && usd >= 0
            ? usd
            : 0;

    public Task StoreAsync(DateOnly day, double spentUsd, CancellationToken cancellationToken) =>
        settings.SetAsync(Key(day), spentUsd.ToString("R", CultureInfo.InvariantCulture), Writer, cancellationToken);
}
