using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Tmo.Edge.Core.Runners;
using Tmo.Edge.Core.Telemetry;
using Tmo.Edge.Daemon.LiveCosts;
using Tmo.Edge.Daemon.Telemetry;

namespace Tmo.Edge.Daemon.Tests.Telemetry;

/// <summary>The runner decorators: feasibility from telemetry, and measured costs replacing static quotes after warm-up.</summary>
public sealed class LiveCostTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 28, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Local_quotes_stay_the_runners_own_until_warmed_up_then_follow_measured_latency_from_replay_results()
    {
        var (runner, inner, _) = Local(new TelemetryOptions { WarmUpCalls = 3 });
        var request = ScriptedRunner.Request([]);

        for (var call = 0; call < 3; call++)
        {
            Assert.Equal(inner.OwnQuote, runner.Quote(request));
            inner.Results.Enqueue(new RunnerResult("a", 2.0, 0, 0));
            await runner.RunAsync(request, runner.Quote(request), CancellationToken.None);
        }

        Assert.Equal(2.0, runner.Quote(request).LatencyS, 12);
        Assert.Equal(inner.OwnQuote.UsageUsd, runner.Quote(request).UsageUsd);
    }

    [Fact]
    public async Task With_generation_stats_local_latency_is_first_token_time_plus_tokens_out_over_the_decode_rate()
    {
        var (runner, inner, _) = Local(new TelemetryOptions { WarmUpCalls = 2 });
        var request = ScriptedRunner.Request([]);
        for (var call = 0; call < 2; call++)
        {
            inner.Results.Enqueue(new RunnerResult("a", 2.5, 0, 0, null, new GenerationStats(40, 100, TimeSpan.FromSeconds(0.2), 50)));
            await runner.RunAsync(request, new CostQuote(10, 1), CancellationToken.None);
        }

        Assert.Equal(0.2 + (100.0 / 50), runner.Quote(request).LatencyS, 12);
    }

    [Fact]
    public async Task A_live_quote_covers_the_largest_recent_call_and_rises_with_the_spread()
    {
        var (runner, inner, _) = Local(new TelemetryOptions { WarmUpCalls = 5, QuoteDeviations = 3 });
        var request = ScriptedRunner.Request([]);
        double[] latencies = [2, 2, 2, 2, 6, 2];
        foreach (var latency in latencies)
        {
            inner.Results.Enqueue(new RunnerResult("a", latency, 0, 0));
            await runner.RunAsync(request, new CostQuote(10, 1), CancellationToken.None);
        }

        var quote = runner.Quote(request).LatencyS;
        var mean = new MovingCost(0.2);
        foreach (var latency in latencies)
        {
            mean.Observe(latency);
        }

        Assert.True(quote >= 6, $"quote {quote} is below the 6 s call seen lately");
        Assert.Equal(Math.Max(6, mean.Mean + (3 * mean.Deviation)), quote, 12);
    }

    [Fact]
    public async Task Local_usage_quotes_come_from_measured_energy_and_a_charge_never_exceeds_the_ceiling()
    {
        var (runner, inner, state) = Local(new TelemetryOptions { WarmUpCalls = 2, ElectricityUsdPerKwh = 0.36 });
        var request = ScriptedRunner.Request([]);
        state.Update(TelemetrySample.Empty("test") with { PowerW = 20 });
        for (var call = 0; call < 2; call++)
        {
            inner.Results.Enqueue(new RunnerResult("a", 0.5, 0, 0));
            await runner.RunAsync(request, new CostQuote(10, 1), CancellationToken.None);
        }

        var usdPerJoule = 0.36 / 3.6e6;
        Assert.Equal(10 * usdPerJoule, runner.Quote(request).UsageUsd, 15);

        inner.Results.Enqueue(new RunnerResult("a", 2, 0, 0));
        var overrun = await runner.RunAsync(request, new CostQuote(10, 15 * usdPerJoule), CancellationToken.None);
        Assert.Equal(40, overrun.EnergyJ, 9);
        Assert.Equal(15 * usdPerJoule, overrun.UsageUsd, 15);
        Assert.True(runner.Quote(request).UsageUsd >= 40 * usdPerJoule);
    }

    [Fact]
    public void Telemetry_masks_the_local_runner_and_the_inner_runners_own_reason_comes_first()
    {
        var (runner, inner, state) = Local(new TelemetryOptions());

        Assert.Null(runner.Unavailable);
        state.Update(TelemetrySample.Empty("test") with { TemperaturesC = new Dictionary<string, double> { ["soc-thermal"] = 87.5 } });
        Assert.Equal("thermal: soc 87.5 C >= 85 C", runner.Unavailable);
        inner.OwnUnavailable = "model not loaded";
        Assert.Equal("model not loaded", runner.Unavailable);
    }

    [Fact]
    public async Task With_live_costs_off_the_runners_own_quotes_stand_but_energy_is_still_measured()
    {
        var (runner, inner, state) = Local(new TelemetryOptions { WarmUpCalls = 1, LiveCosts = false });
        state.Update(TelemetrySample.Empty("test") with { PowerW = 8 });
        inner.Results.Enqueue(new RunnerResult("a", 1, 0, 0));

        var result = await runner.RunAsync(ScriptedRunner.Request([]), new CostQuote(10, 1), CancellationToken.None);

        Assert.Equal(8, result.EnergyJ, 9);
        Assert.Equal(inner.OwnQuote, runner.Quote(ScriptedRunner.Request([])));
    }

    [Fact]
    public async Task A_runner_with_exact_quotes_keeps_its_latency_but_local_usage_is_priced_from_measured_energy()
    {
        var (runner, inner, state) = Local(new TelemetryOptions { WarmUpCalls = 1, ElectricityUsdPerKwh = 3.6 }, exactQuotes: true);
        state.Update(TelemetrySample.Empty("test") with { PowerW = 10 });
        inner.Results.Enqueue(new RunnerResult("a", 2, 0, 0));
        await runner.RunAsync(ScriptedRunner.Request([]), new CostQuote(10, 1), CancellationToken.None);

        Assert.Equal(new CostQuote(inner.OwnQuote.LatencyS, 20 * 1e-6), runner.Quote(ScriptedRunner.Request([])));
    }

    [Fact]
    public async Task Cloud_quotes_are_learned_per_number_of_uploaded_views_from_reported_cost()
    {
        var time = new FakeTimeProvider(Start);
        var inner = new ScriptedRunner(time, RunnerLocation.Cloud);
        var runner = new MeasuredCloudRunner(inner, new CloudCostModel(new TelemetryOptions { WarmUpCalls = 2 }), LiveQuoting.LatencyAndUsage);
        var twoViews = ScriptedRunner.Request([0, 1]);
        for (var call = 0; call < 2; call++)
        {
            inner.Results.Enqueue(new RunnerResult("c", 4.0, 0.00945, 0));
            await runner.RunAsync(twoViews, runner.Quote(twoViews), CancellationToken.None);
        }

        Assert.Equal(new CostQuote(4.0, 0.00945), runner.Quote(twoViews));
        Assert.Equal(inner.OwnQuote, runner.Quote(ScriptedRunner.Request([0])));
        Assert.Equal([inner.OwnQuote, inner.OwnQuote], inner.Ceilings);
    }

    [Fact]
    public async Task Local_fallbacks_after_failed_cloud_calls_do_not_teach_the_cloud_quote()
    {
        var time = new FakeTimeProvider(Start);
        var inner = new ScriptedRunner(time, RunnerLocation.Cloud);
        var runner = new MeasuredCloudRunner(inner, new CloudCostModel(new TelemetryOptions { WarmUpCalls = 2 }), LiveQuoting.LatencyAndUsage);
        var request = ScriptedRunner.Request([0]);
        inner.Results.Enqueue(new RunnerResult("c", 4.0, 0.00945, 0));
        inner.Results.Enqueue(new RunnerResult("c", 4.0, 0.00945, 0));
        for (var call = 0; call < 6; call++)
        {
            inner.Results.Enqueue(new RunnerResult("answered locally", 1.0, 0, 0, FellBack: true));
        }

        while (inner.Results.Count > 0)
        {
            await runner.RunAsync(request, runner.Quote(request), CancellationToken.None);
        }

        Assert.Equal(new CostQuote(4.0, 0.00945), runner.Quote(request));
    }

    private static (TelemetryAwareRunner Runner, ScriptedRunner Inner, TelemetryState State) Local(TelemetryOptions options, bool exactQuotes = false)
    {
        var time = new FakeTimeProvider(Start);
        var inner = new ScriptedRunner(time, RunnerLocation.Local);
        var state = new TelemetryState(options, time);
        var quoting = !options.LiveCosts ? LiveQuoting.Off : exactQuotes ? LiveQuoting.UsageOnly : LiveQuoting.LatencyAndUsage;
        var runner = new TelemetryAwareRunner(inner, state, new LocalCostModel(options), quoting, NullLogger<TelemetryAwareRunner>.Instance);
        return (runner, inner, state);
    }
}
