using Tmo.Edge.Core.Telemetry;
using Tmo.Edge.Daemon.Telemetry;

namespace Tmo.Edge.Daemon.Tests.Telemetry;

public sealed class LocalFeasibilityTests
{
    private static string ShippedTrace => Path.Combine(AppContext.BaseDirectory, "Telemetry", "Traces", "thermal-event.jsonl");

    [Fact]
    public async Task Under_the_recorded_heat_up_trace_the_local_llm_is_masked_at_85_C_and_offered_again_only_below_80_C()
    {
        var trace = new TraceSource(ShippedTrace, Fixtures.Files("x86-bare"));
        var feasibility = new LocalFeasibility(new TelemetryOptions());
        var reasons = new List<string?>();
        for (var tick = 0; tick < trace.Length; tick++)
        {
            reasons.Add(feasibility.Evaluate(await trace.ReadAsync(CancellationToken.None)));
        }

        var masked = Enumerable.Range(0, reasons.Count).Where(t => reasons[t] is not null).ToArray();
        Assert.Equal(Enumerable.Range(45, 51), masked);
        Assert.Equal("thermal: tj 85.2 C >= 85 C", reasons[45]);
        Assert.Equal("thermal: tj 80.3 C, cooling to 80 C", reasons[95]);
        Assert.Null(reasons[96]);

        // Without hysteresis the mask would have lifted as soon as tj fell below 85 C (tick 88): it holds until 80 C.
        var firstCoolTick = Enumerable.Range(46, 50).First(t => reasons[t]!.Contains("cooling", StringComparison.Ordinal));
        Assert.Equal(88, firstCoolTick);

        // The trace loops: the next lap starts cool again.
        Assert.Null(feasibility.Evaluate(await trace.ReadAsync(CancellationToken.None)));
    }

    [Fact]
    public void Memory_is_short_below_need_plus_margin_and_recovers_only_past_the_hysteresis()
    {
        var feasibility = new LocalFeasibility(new TelemetryOptions { LocalModelMemoryMB = 4096, MemoryMarginMB = 512, MemoryHysteresisMB = 256 });

        Assert.Null(feasibility.Evaluate(Memory(4608)));
        Assert.Equal("memory: 4607.5 MB available < 4608 MB (model 4096 + margin 512)", feasibility.Evaluate(Memory(4607.5)));
        Assert.Equal("memory: 4700.0 MB available, recovering to 4864 MB", feasibility.Evaluate(Memory(4700)));
        Assert.NotNull(feasibility.Evaluate(Memory(null) with { Source = "gap" }));
        Assert.Null(feasibility.Evaluate(Memory(4864)));
    }

    [Fact]
    public void Power_plus_the_local_draw_over_the_cap_masks_until_it_is_back_under_cap_minus_hysteresis()
    {
        var feasibility = new LocalFeasibility(new TelemetryOptions { PowerCapW = 25, LocalExtraPowerW = 10, PowerHysteresisW = 2 });

        Assert.Null(feasibility.Evaluate(Power(15)));
        Assert.Equal("power: 15.5 W + 10 W for the local LLM > 25 W cap", feasibility.Evaluate(Power(15.5)));
        Assert.Equal("power: 14.0 W + 10 W, waiting for <= 23 W", feasibility.Evaluate(Power(14)));
        Assert.Null(feasibility.Evaluate(Power(13)));
    }

    [Fact]
    public void The_PMIC_placeholder_zone_is_ignored_unless_zones_are_named_and_unchecked_limits_never_mask()
    {
        var xavier = TelemetrySample.Empty("jetson") with { TemperaturesC = new Dictionary<string, double> { ["PMIC-Die"] = 100, ["CPU-therm"] = 43.5 }, PowerW = 500 };

        Assert.Null(new LocalFeasibility(new TelemetryOptions()).Evaluate(xavier));
        var named = new TelemetryOptions();
        named.ThermalZones.Add("PMIC-Die");
        Assert.Equal("thermal: PMIC-Die 100.0 C >= 85 C", new LocalFeasibility(named).Evaluate(xavier));
    }

    [Fact]
    public void Several_conditions_are_reported_together()
    {
        var feasibility = new LocalFeasibility(new TelemetryOptions { PowerCapW = 20, LocalModelMemoryMB = 1000 });
        var sample = Power(30) with { MemoryAvailableMB = 100, TemperaturesC = new Dictionary<string, double> { ["soc-thermal"] = 87.5 } };

        var reason = feasibility.Evaluate(sample)!;

        Assert.StartsWith("thermal: soc 87.5 C >= 85 C; memory: 100.0 MB available < 1512 MB", reason, StringComparison.Ordinal);
        Assert.EndsWith("; power: 30.0 W + 10 W for the local LLM > 20 W cap", reason, StringComparison.Ordinal);
    }

    private static TelemetrySample Memory(double? availableMB) => TelemetrySample.Empty("test") with { MemoryAvailableMB = availableMB };

    private static TelemetrySample Power(double watts) => TelemetrySample.Empty("test") with { PowerW = watts };
}
