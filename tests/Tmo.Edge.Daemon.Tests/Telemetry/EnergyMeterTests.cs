using Microsoft.Extensions.Time.Testing;
using Tmo.Edge.Daemon.Telemetry;
using Tmo.Edge.Daemon.Tests.Reliability.Clock;

namespace Tmo.Edge.Daemon.Tests.Telemetry;

/// <summary>Energy from a hand-computed trace: each sample's power holds until the next (1 Hz polling).</summary>
public sealed class EnergyMeterTests
{
    // t = 0 s: 10 W, 1 s: 20 W, 2 s: unreadable, 3 s: 30 W, 4 s: 40 W.
    private const string HandTrace = """
        {"source":"jetson","powerW":10.0,"rails":[],"temperaturesC":{},"gpuLoadPercent":null,"gpuFrequencyMHz":null,"memoryTotalMB":null,"memoryAvailableMB":null,"gpuMemoryUsedMB":null,"powerMode":null}
        {"source":"jetson","powerW":20.0,"rails":[],"temperaturesC":{},"gpuLoadPercent":null,"gpuFrequencyMHz":null,"memoryTotalMB":null,"memoryAvailableMB":null,"gpuMemoryUsedMB":null,"powerMode":null}
        {"source":"jetson","powerW":null,"rails":[],"temperaturesC":{},"gpuLoadPercent":null,"gpuFrequencyMHz":null,"memoryTotalMB":null,"memoryAvailableMB":null,"gpuMemoryUsedMB":null,"powerMode":null}
        {"source":"jetson","powerW":30.0,"rails":[],"temperaturesC":{},"gpuLoadPercent":null,"gpuFrequencyMHz":null,"memoryTotalMB":null,"memoryAvailableMB":null,"gpuMemoryUsedMB":null,"powerMode":null}
        {"source":"jetson","powerW":40.0,"rails":[],"temperaturesC":{},"gpuLoadPercent":null,"gpuFrequencyMHz":null,"memoryTotalMB":null,"memoryAvailableMB":null,"gpuMemoryUsedMB":null,"powerMode":null}
        """;

    [Fact]
    public async Task Energy_between_two_instants_matches_the_hand_computed_integral_and_is_unknown_across_a_gap()
    {
        var at = await ReplayAsync(0.5, 1.5, 2.5, 3.25, 3.5, 4.75, 6.5);

        Assert.Equal((0.5 * 10) + (0.5 * 20), at[1.5].Since(at[0.5])!.Value, 9);
        Assert.Null(at[2.5].Since(at[1.5]));
        Assert.Null(at[3.5].Since(at[0.5]));
        Assert.Equal((0.75 * 30) + (0.75 * 40), at[4.75].Since(at[3.25])!.Value, 9);
        Assert.Equal((0.5 * 30) + (2.5 * 40), at[6.5].Since(at[3.5])!.Value, 9);
    }

    [Fact]
    public async Task A_call_through_the_local_runner_is_charged_its_integrated_energy_at_the_electricity_price()
    {
        var time = new FakeTimeProvider(Start);
        var runner = await LocalRunnerOnTraceAsync(time, time);

        time.Advance(TimeSpan.FromSeconds(0.5));
        var result = await runner.RunAsync(ScriptedRunner.Request([]), new Core.Runners.CostQuote(10, 1), CancellationToken.None);

        // From 0.5 s to 1.75 s: 0.5 s at 10 W, then the sample at 1 s says 20 W for 0.75 s.
        Assert.Equal((0.5 * 10) + (0.75 * 20), result.EnergyJ, 9);
        Assert.Equal(20 * 0.1668 / 3.6e6, result.UsageUsd, 15);
        Assert.Equal(1.25, result.LatencyS);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(-3)]
    public async Task A_wall_clock_step_during_a_local_call_charges_only_the_time_that_passed(int stepHours)
    {
        var monotonic = new FakeTimeProvider(Start);
        var clock = new SteppedClock(monotonic, Start);
        // NTP corrects the boot-time clock while the call runs.
        var runner = await LocalRunnerOnTraceAsync(monotonic, clock, duringCall: () => clock.Step(TimeSpan.FromHours(stepHours)));

        monotonic.Advance(TimeSpan.FromSeconds(0.5));
        var result = await runner.RunAsync(ScriptedRunner.Request([]), new Core.Runners.CostQuote(10, 1), CancellationToken.None);

        Assert.Equal((0.5 * 10) + (0.75 * 20), result.EnergyJ, 9);
    }

    private static readonly DateTimeOffset Start = new(2026, 11, 28, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// The local runner over a scripted call of 1.25 s on <paramref name="monotonic"/> time, the trace's first sample
    /// read at the start and its second during the call, after <paramref name="duringCall"/>; the telemetry state
    /// sees <paramref name="clock"/>.
    /// </summary>
    private static async Task<LiveCosts.TelemetryAwareRunner> LocalRunnerOnTraceAsync(FakeTimeProvider monotonic, TimeProvider clock, Action? duringCall = null)
    {
        var state = new TelemetryState(new TelemetryOptions(), clock);
        var trace = await TraceAsync();
        state.Update(await trace.ReadAsync(CancellationToken.None));
        var inner = new ScriptedRunner(monotonic, Core.Runners.RunnerLocation.Local)
        {
            Step = async () =>
            {
                duringCall?.Invoke();
                state.Update(await trace.ReadAsync(CancellationToken.None));
            },
        };
        inner.Results.Enqueue(new Core.Runners.RunnerResult("answer", 1.25, 0.001, 99));
        var options = new TelemetryOptions { ElectricityUsdPerKwh = 0.1668 };
        return new LiveCosts.TelemetryAwareRunner(inner, state, new LiveCosts.LocalCostModel(options), LiveCosts.LiveQuoting.LatencyAndUsage, Microsoft.Extensions.Logging.Abstractions.NullLogger<LiveCosts.TelemetryAwareRunner>.Instance);
    }

    private static async Task<TraceSource> TraceAsync()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, HandTrace);
        return new TraceSource(file, Fixtures.Files("x86-bare"));
    }

    /// <summary>Feeds the trace at 1 Hz from t = 0 and reads the meter at each instant (seconds), in time order.</summary>
    private static async Task<Dictionary<double, EnergyReading>> ReplayAsync(params double[] instants)
    {
        var trace = await TraceAsync();
        var time = new FakeTimeProvider(Start);
        var state = new TelemetryState(new TelemetryOptions(), time);
        var readings = new Dictionary<double, EnergyReading>();
        for (var tick = 0; tick < trace.Length; tick++)
        {
            time.SetUtcNow(Start.AddSeconds(tick));
            state.Update(await trace.ReadAsync(CancellationToken.None));
            foreach (var instant in instants.Where(i => i >= tick && (i < tick + 1 || tick == trace.Length - 1)))
            {
                time.SetUtcNow(Start.AddSeconds(instant));
                readings[instant] = state.Energy.Read();
            }
        }

        return readings;
    }
}
