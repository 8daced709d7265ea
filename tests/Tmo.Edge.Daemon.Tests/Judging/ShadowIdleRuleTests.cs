using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tmo.Edge.Core.Runners;
using Tmo.Edge.Core.Telemetry;
using Tmo.Edge.Daemon.Decisions;
using Tmo.Edge.Daemon.Judging;
using Tmo.Edge.Daemon.Telemetry;

namespace Tmo.Edge.Daemon.Tests.Judging;

/// <summary>When the device is idle enough for a shadow: lanes quiet for either side, telemetry cool and unmasked for a local one.</summary>
public sealed class ShadowIdleRuleTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly DecisionLoopHealth _loop;
    private readonly TelemetryState _telemetry;
    private readonly ShadowIdleRule _rule;

    public ShadowIdleRuleTests()
    {
        _loop = new DecisionLoopHealth(2, _time, TimeSpan.FromMinutes(5));
        // A loop that started a while ago and has been idle since.
        _loop.Started();
        _time.Advance(TimeSpan.FromMinutes(1));
        var feasibility = new LocalFeasibility(new TelemetryOptions { ThrottleC = 85 });
        _telemetry = new TelemetryState(feasibility, _time);
        var options = new JudgeOptions { ShadowQuietSeconds = 10, ShadowMaxGpuLoadPercent = 30, ShadowMaxTemperatureC = 70 };
        _rule = new ShadowIdleRule(Options.Create(options), _loop, _telemetry, feasibility);
    }

    [Fact]
    public void A_cool_idle_device_takes_shadows_on_both_sides()
    {
        _telemetry.Update(Sample(celsius: 45, gpuLoad: 5));

        Assert.Null(_rule.Busy(RunnerLocation.Local));
        Assert.Null(_rule.Busy(RunnerLocation.Cloud));
    }

    [Fact]
    public void No_shadow_while_a_turn_is_in_flight_nor_within_the_quiet_period_after_it()
    {
        _telemetry.Update(Sample(celsius: 45, gpuLoad: 5));
        _loop.TurnStarted(1);

        Assert.Equal("a turn is in flight", _rule.Busy(RunnerLocation.Cloud));
        Assert.Equal("a turn is in flight", _rule.Busy(RunnerLocation.Local));

        _time.Advance(TimeSpan.FromSeconds(3));
        _loop.TurnEnded(1);
        _time.Advance(TimeSpan.FromSeconds(9.5));
        Assert.StartsWith("the lanes have been idle 9.5 s", _rule.Busy(RunnerLocation.Cloud), StringComparison.Ordinal);

        _time.Advance(TimeSpan.FromSeconds(0.5));
        Assert.Null(_rule.Busy(RunnerLocation.Cloud));
    }

    [Fact]
    public void No_local_shadow_when_hot_busy_masked_or_before_any_sample_while_the_cloud_side_is_not_held_back()
    {
        Assert.Equal("no telemetry sample yet", _rule.Busy(RunnerLocation.Local));

        _telemetry.Update(Sample(celsius: 72, gpuLoad: 5));
        Assert.Equal("soc0-thermal at 72 C >= 70 C", _rule.Busy(RunnerLocation.Local));
        Assert.Null(_rule.Busy(RunnerLocation.Cloud));

        _telemetry.Update(Sample(celsius: 45, gpuLoad: 30));
        Assert.Equal("GPU load 30 % >= 30 %", _rule.Busy(RunnerLocation.Local));

        _telemetry.Update(Sample(celsius: 88, gpuLoad: 5));
        Assert.StartsWith("the local LLM is masked (thermal: soc0 88.0 C >= 85 C", _rule.Busy(RunnerLocation.Local), StringComparison.Ordinal);
        Assert.Null(_rule.Busy(RunnerLocation.Cloud));
    }

    [Fact]
    public void The_PMIC_placeholder_and_an_unread_GPU_load_do_not_block()
    {
        _telemetry.Update(Sample(celsius: 45, gpuLoad: null) with
        {
            TemperaturesC = new Dictionary<string, double> { ["soc0-thermal"] = 45, ["PMIC-Die"] = 100 },
        });

        Assert.Null(_rule.Busy(RunnerLocation.Local));
    }

    private static TelemetrySample Sample(double celsius, double? gpuLoad) => TelemetrySample.Empty("test") with
    {
        TemperaturesC = new Dictionary<string, double> { ["soc0-thermal"] = celsius },
        GpuLoadPercent = gpuLoad,
    };
}
