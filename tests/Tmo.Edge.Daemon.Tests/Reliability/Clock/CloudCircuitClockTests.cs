using Microsoft.Extensions.Logging.Abstractions;
using Tmo.Edge.Core.Runners;
using Tmo.Edge.Daemon.Runners;
using Tmo.Edge.Daemon.Runners.Cloud;
using Tmo.Edge.Daemon.Tests.EndToEnd;
using Tmo.Edge.Daemon.Tests.Runners.Cloud;

namespace Tmo.Edge.Daemon.Tests.Reliability.Clock;

/// <summary>
/// The cloud circuit breaker's break is a duration: a wall clock stepped back while the circuit is open (an NTP
/// correction) must not keep the cloud away for as long as the step, nor a step forward cut the break short.
/// </summary>
public sealed class CloudCircuitClockTests
{
    private static readonly double[] ProfileLatencyS = [0.5, 1.9, 2.0, 2.2];

    [Fact]
    public async Task A_wall_clock_stepped_back_a_day_while_the_circuit_is_open_keeps_the_cloud_away_only_for_the_break()
    {
        await using var endpoint = new FakeChatEndpoint { Next = FakeChatEndpoint.Reply.Error(502) };
        var clock = new SteppedClock(TimeProvider.System);
        using var runner = Runner(endpoint.BaseUrl, clock);
        await OpenAsync(runner);

        clock.Step(TimeSpan.FromDays(-1));
        endpoint.Next = FakeChatEndpoint.Reply.Answer("back online", 10, 3);

        await Eventually.ReturnsAsync(() => runner.Unavailable is null ? runner : null, TimeSpan.FromSeconds(10));
        var probe = await runner.RunAsync(Request(), new CostQuote(10, 1), CancellationToken.None);
        Assert.Equal("back online", probe.Text);
        Assert.Null(runner.Unavailable);
    }

    [Fact]
    public async Task A_wall_clock_stepped_forward_a_day_does_not_end_the_break_early()
    {
        await using var endpoint = new FakeChatEndpoint { Next = FakeChatEndpoint.Reply.Error(502) };
        var clock = new SteppedClock(TimeProvider.System);
        using var runner = Runner(endpoint.BaseUrl, clock, breakSeconds: 30);
        await OpenAsync(runner);

        clock.Step(TimeSpan.FromDays(1));

        Assert.Contains("cloud circuit open", runner.Unavailable, StringComparison.Ordinal);
        var result = await runner.RunAsync(Request(), new CostQuote(10, 1), CancellationToken.None);
        Assert.Equal("local", result.Text);
        Assert.Equal(2, endpoint.Requests.Count);
    }

    private static async Task OpenAsync(OpenAiCloudRunner runner)
    {
        await runner.RunAsync(Request(), new CostQuote(10, 1), CancellationToken.None);
        await runner.RunAsync(Request(), new CostQuote(10, 1), CancellationToken.None);
        Assert.Contains("cloud circuit open", runner.Unavailable, StringComparison.Ordinal);
    }

    private static OpenAiCloudRunner Runner(string baseUrl, TimeProvider clock, int breakSeconds = 1) => new(
        new CloudLlmOptions
        {
            BaseUrl = baseUrl,
            Model = "test-model",
            TimeoutSeconds = 2,
            MaxRetries = 0,
            CircuitSamplingSeconds = 30,
            CircuitMinimumThroughput = 2,
            CircuitFailureRatio = 0.5,
            CircuitBreakSeconds = breakSeconds,
            InputUsdPerMillionTokens = 2.5,
            OutputUsdPerMillionTokens = 10,
            MaxOutputTokens = 300,
        },
        "sk-test-clock",
        ProfileLatencyS,
        new StubRunner("local"),
        clock,
        NullLogger<OpenAiCloudRunner>.Instance);

    private static RunnerRequest Request() =>
        new("clock-1", 1, "Where did I put my dishes?", "Query", [], [], new Dictionary<string, string>());
}
