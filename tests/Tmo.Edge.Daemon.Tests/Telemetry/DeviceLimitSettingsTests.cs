using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tmo.Edge.Core.Telemetry;
using Tmo.Edge.Daemon.Telemetry;
using Tmo.Edge.Daemon.Tests.Settings;
using Tmo.Edge.Data.Settings;

namespace Tmo.Edge.Daemon.Tests.Telemetry;

public sealed class DeviceLimitSettingsTests
{
    private static readonly TelemetryOptions Configured = new() { ThrottleC = 85, PowerCapW = 30, MemoryMarginMB = 512 };

    [Fact]
    public async Task Stored_limits_override_the_configured_ones_and_unset_ones_keep_the_configuration()
    {
        await using var database = await SettingsDatabase.CreateAsync();
        var feasibility = new LocalFeasibility(Configured);
        var limits = new DeviceLimitSettings(database.Settings, feasibility, Options.Create(Configured), database.Logger<DeviceLimitSettings>());

        Assert.Equal(new DeviceLimits(85, 30, 512), await limits.ReloadAsync(CancellationToken.None));

        await database.SetAsync(SettingKeys.ThermalLimitC, "70.5");
        await database.SetAsync(SettingKeys.MemoryMarginMB, "1024");
        var applied = await limits.ReloadAsync(CancellationToken.None);

        Assert.Equal(new DeviceLimits(70.5, 30, 1024), applied);
        Assert.Same(applied, feasibility.Limits);
        Assert.Equal("thermal: soc 71.0 C >= 70.5 C", feasibility.Evaluate(Soc(71)));
        Assert.Contains(database.Logs.Entries, e => e is { Level: LogLevel.Information, EventName: "LogApplied" }
            && e.Message.Contains("70.5 C", StringComparison.Ordinal) && e.Message.Contains("30 W", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("hot")]
    [InlineData("10")]
    [InlineData("151")]
    public async Task A_stored_thermal_limit_that_is_not_a_sane_number_is_ignored_with_a_warning(string stored)
    {
        await using var database = await SettingsDatabase.CreateAsync();
        var feasibility = new LocalFeasibility(Configured);
        var limits = new DeviceLimitSettings(database.Settings, feasibility, Options.Create(Configured), database.Logger<DeviceLimitSettings>());
        await database.SetAsync(SettingKeys.ThermalLimitC, stored);
        await database.SetAsync(SettingKeys.PowerCapW, "45");

        Assert.Equal(new DeviceLimits(85, 45, 512), await limits.ReloadAsync(CancellationToken.None));
        Assert.Contains(database.Logs.Entries, e => e.Level == LogLevel.Warning
            && e.Message.Contains(SettingKeys.ThermalLimitC, StringComparison.Ordinal) && e.Message.Contains($"'{stored}'", StringComparison.Ordinal));
    }

    private static TelemetrySample Soc(double celsius) =>
        TelemetrySample.Empty("test") with { TemperaturesC = new Dictionary<string, double> { ["soc-thermal"] = celsius } };
}
