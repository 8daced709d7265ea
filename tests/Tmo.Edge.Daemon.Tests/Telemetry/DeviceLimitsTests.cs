using Tmo.Edge.Core.Telemetry;
using Tmo.Edge.Daemon.Telemetry;

namespace Tmo.Edge.Daemon.Tests.Telemetry;

/// <summary>Limits replaced while the sampler runs: the next sample is judged against them, with the same hysteresis.</summary>
public sealed class DeviceLimitsTests
{
    [Fact]
    public void A_lower_thermal_limit_masks_from_the_next_sample_and_clears_only_below_its_own_hysteresis()
    {
        var feasibility = new LocalFeasibility(new TelemetryOptions { ThrottleC = 85, ThermalHysteresisC = 5 });
        Assert.Null(feasibility.Evaluate(Soc(72)));

        feasibility.Apply(new DeviceLimits(ThermalLimitC: 70, PowerCapW: 0, MemoryMarginMB: 512));

        Assert.Equal("thermal: soc 72.0 C >= 70 C", feasibility.Evaluate(Soc(72)));
        Assert.Equal("thermal: soc 66.0 C, cooling to 65 C", feasibility.Evaluate(Soc(66)));
        Assert.Null(feasibility.Evaluate(Soc(65)));
    }

    [Fact]
    public void Raising_the_thermal_limit_over_a_hot_reading_lifts_the_mask_once_the_reading_is_past_the_new_hysteresis()
    {
        var feasibility = new LocalFeasibility(new TelemetryOptions { ThrottleC = 70, ThermalHysteresisC = 5 });
        Assert.Equal("thermal: soc 78.0 C >= 70 C", feasibility.Evaluate(Soc(78)));

        feasibility.Apply(new DeviceLimits(ThermalLimitC: 82, PowerCapW: 0, MemoryMarginMB: 512));

        // Still hot (78 > 82 - 5): the hysteresis holds against the new limit rather than flipping the decision.
        Assert.Equal("thermal: soc 78.0 C, cooling to 77 C", feasibility.Evaluate(Soc(78)));
        Assert.Null(feasibility.Evaluate(Soc(77)));
    }

    [Fact]
    public void A_new_power_cap_and_memory_margin_apply_together_and_a_zero_cap_turns_the_power_check_off()
    {
        var feasibility = new LocalFeasibility(new TelemetryOptions { PowerCapW = 0, LocalExtraPowerW = 10, LocalModelMemoryMB = 1000, MemoryMarginMB = 500 });
        var sample = TelemetrySample.Empty("test") with { PowerW = 20, MemoryAvailableMB = 1600 };
        Assert.Null(feasibility.Evaluate(sample));

        feasibility.Apply(new DeviceLimits(ThermalLimitC: 85, PowerCapW: 25, MemoryMarginMB: 700));

        Assert.Equal(
            "memory: 1600.0 MB available < 1700 MB (model 1000 + margin 700); power: 20.0 W + 10 W for the local LLM > 25 W cap",
            feasibility.Evaluate(sample));

        feasibility.Apply(new DeviceLimits(ThermalLimitC: 85, PowerCapW: 0, MemoryMarginMB: 0));
        Assert.Null(feasibility.Evaluate(sample));
    }

    [Fact]
    public void The_configured_limits_are_in_force_until_others_are_applied()
    {
        var feasibility = new LocalFeasibility(new TelemetryOptions { ThrottleC = 90, PowerCapW = 40, MemoryMarginMB = 256 });

        Assert.Equal(new DeviceLimits(90, 40, 256), feasibility.Limits);
    }

    private static TelemetrySample Soc(double celsius) =>
        TelemetrySample.Empty("test") with { TemperaturesC = new Dictionary<string, double> { ["soc-thermal"] = celsius } };
}
