using Microsoft.Extensions.Logging;
using Tmo.Edge.Core.Runners;
using Tmo.Edge.Daemon.Runners;
using Tmo.Edge.Daemon.Runners.Cloud;
using Tmo.Edge.Daemon.Tests.EndToEnd;
using Tmo.Edge.Daemon.Tests.Mqtt;

namespace Tmo.Edge.Daemon.Tests.Runners.Cloud;

/// <summary>The cloud runner against a real HTTP server on loopback playing an OpenAI-compatible endpoint.</summary>
public sealed class OpenAiCloudRunnerTests
{
    private const string Key = "sk-test-1f2e3d4c5b6a";
    private static readonly double[] ProfileLatencyS = [0.5, 1.9, 2.0, 2.2];

    private static CloudLlmOptions Options(string baseUrl) => new()
    {
        BaseUrl = baseUrl,
        Model = "test-model",
        TimeoutSeconds = 2,
        MaxRetries = 0,
        RetryDelaySeconds = 0.05,
        CircuitSamplingSeconds = 30,
        CircuitMinimumThroughput = 100,
        InputUsdPerMillionTokens = 2.5,
        OutputUsdPerMillionTokens = 10,
        UsdPerImage = 0.001,
        MaxOutputTokens = 300,
    };

    private static OpenAiCloudRunner Runner(CloudLlmOptions options, ILlmRunner fallback, ILoggerProvider? logs = null)
    {
        var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(logs ?? new RecordingLoggerProvider(null)));
        return new OpenAiCloudRunner(options, Key, ProfileLatencyS, fallback, TimeProvider.System, loggers.CreateLogger<OpenAiCloudRunner>());
    }

    private static CameraFrame Frame(int view) => new(view, new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, (byte)view, 7 }, "image/jpeg", DateTimeOffset.UnixEpoch);

    private static RunnerRequest Request(params int[] views) =>
        new("kitchen-9", 2, "Where did I put my dishes?", "Query", views, [Frame(0), Frame(1), Frame(2)], new Dictionary<string, string>());

    [Fact]
    public async Task The_request_carries_the_key_the_model_and_one_image_per_chosen_view()
    {
        await using var endpoint = new FakeChatEndpoint();
        using var runner = Runner(Options(endpoint.BaseUrl), new StubRunner("local"));

        await runner.RunAsync(Request(0, 2), new CostQuote(10, 1), CancellationToken.None);
        await runner.RunAsync(Request(), new CostQuote(10, 1), CancellationToken.None);

        var (withViews, textOnly) = (endpoint.Requests[0], endpoint.Requests[1]);
        Assert.Equal("/v1/chat/completions", withViews.Path);
        Assert.Equal($"Bearer {Key}", withViews.Authorization);
        Assert.Equal("test-model", (string?)withViews.Body["model"]);
        Assert.Equal(
            [$"data:image/jpeg;base64,{Convert.ToBase64String(Frame(0).Image.Span)}", $"data:image/jpeg;base64,{Convert.ToBase64String(Frame(2).Image.Span)}"],
            withViews.ImageUrls);
        Assert.Empty(textOnly.ImageUrls);
        Assert.Contains("Where did I put my dishes?", textOnly.Body.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Usage_is_charged_from_the_token_counts_the_endpoint_returns()
    {
        await using var endpoint = new FakeChatEndpoint { Next = FakeChatEndpoint.Reply.Answer("In the sink.", 1_000, 200) };
        using var runner = Runner(Options(endpoint.BaseUrl), new StubRunner("local"));

        var result = await runner.RunAsync(Request(1), new CostQuote(10, 1), CancellationToken.None);

        Assert.Equal("In the sink.", result.Text);
        Assert.Equal((1_000 * 2.5e-6) + (200 * 10e-6) + 0.001, result.UsageUsd, 12);
        Assert.Equal((1_000, 200), (result.Generation!.TokensIn, result.Generation.TokensOut));
        Assert.Equal(0, result.EnergyJ);
    }

    [Fact]
    public async Task Output_tokens_are_capped_so_the_call_cannot_cost_more_than_its_ceiling()
    {
        await using var endpoint = new FakeChatEndpoint();
        var options = Options(endpoint.BaseUrl);
        using var runner = Runner(options, new StubRunner("local"));
        var request = Request(0);
        var quote = runner.Quote(request);
        // Room for 100.5 output tokens fewer than the quote's 300.
        var ceilingUsd = quote.UsageUsd - (100.5 * options.OutputUsdPerMillionTokens / 1e6);

        await runner.RunAsync(request, quote with { UsageUsd = ceilingUsd }, CancellationToken.None);

        var cap = (int?)endpoint.Requests[0].Body["max_completion_tokens"] ?? (int)endpoint.Requests[0].Body["max_tokens"]!;
        Assert.Equal(199, cap);
        var prices = new CloudPriceTable(options);
        var inputBound = prices.InputTokensBound(options.SystemPromptFor("Query"), request.Prompt, 1);
        Assert.True(prices.Usd(inputBound, cap, 1) <= ceilingUsd);
        Assert.True(prices.Usd(inputBound, cap + 1, 1) > ceilingUsd);
    }

    [Fact]
    public async Task A_timeout_falls_back_to_the_local_runner_in_the_time_left()
    {
        await using var endpoint = new FakeChatEndpoint { Next = FakeChatEndpoint.Reply.Slow(TimeSpan.FromSeconds(10)) };
        var options = Options(endpoint.BaseUrl);
        options.TimeoutSeconds = 0.5;
        var local = new StubRunner("answered on the device");
        using var runner = Runner(options, local);

        var result = await runner.RunAsync(Request(), new CostQuote(4, 1), CancellationToken.None);

        Assert.Equal("answered on the device", result.Text);
        Assert.Equal(0, result.UsageUsd);
        Assert.InRange(result.LatencyS, 0.5, 4);
        Assert.Single(local.Calls);
        Assert.InRange(local.Calls[0].Ceiling.LatencyS, 0.1, 3.5);
    }

    [Fact]
    public async Task A_server_error_is_retried_then_falls_back_to_the_local_runner_and_counts_in_the_latency_estimate()
    {
        await using var endpoint = new FakeChatEndpoint { Next = FakeChatEndpoint.Reply.Error(503) };
        var options = Options(endpoint.BaseUrl);
        options.MaxRetries = 2;
        var local = new StubRunner("answered on the device");
        using var runner = Runner(options, local);
        var before = runner.Quote(Request(2)).LatencyS;

        var result = await runner.RunAsync(Request(2), new CostQuote(10, 1), CancellationToken.None);

        Assert.NotEqual(before, runner.Quote(Request(2)).LatencyS);
        Assert.Equal(3, endpoint.Requests.Count);
        Assert.Equal("answered on the device", result.Text);
        Assert.Empty(local.Calls[0].Request.Frames);
    }

    [Fact]
    public async Task Without_a_feasible_local_runner_a_cloud_failure_is_an_error_naming_both_reasons()
    {
        await using var endpoint = new FakeChatEndpoint { Next = FakeChatEndpoint.Reply.Error(500) };
        using var runner = Runner(Options(endpoint.BaseUrl), new StubRunner("local", unavailable: "thermal: soc 91 C >= 85 C"));

        var error = await Assert.ThrowsAsync<CloudLlmException>(() => runner.RunAsync(Request(), new CostQuote(10, 1), CancellationToken.None));

        Assert.Contains("HTTP 500", error.Message, StringComparison.Ordinal);
        Assert.Contains("thermal: soc 91 C >= 85 C", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_circuit_opens_on_repeated_failures_masks_the_cloud_and_closes_after_a_good_probe()
    {
        await using var endpoint = new FakeChatEndpoint { Next = FakeChatEndpoint.Reply.Error(502) };
        var options = Options(endpoint.BaseUrl);
        options.CircuitMinimumThroughput = 2;
        options.CircuitFailureRatio = 0.5;
        options.CircuitBreakSeconds = 1;
        using var runner = Runner(options, new StubRunner("local"));

        Assert.Null(runner.Unavailable);
        await runner.RunAsync(Request(), new CostQuote(10, 1), CancellationToken.None);
        await runner.RunAsync(Request(), new CostQuote(10, 1), CancellationToken.None);
        Assert.Contains("cloud circuit open", runner.Unavailable, StringComparison.Ordinal);
        Assert.Contains("HTTP 502", runner.Unavailable, StringComparison.Ordinal);

        // While open, a call does not reach the endpoint at all.
        var result = await runner.RunAsync(Request(), new CostQuote(10, 1), CancellationToken.None);
        Assert.Equal("local", result.Text);
        Assert.Equal(2, endpoint.Requests.Count);

        endpoint.Next = FakeChatEndpoint.Reply.Answer("back online", 10, 3);
        await Eventually.ReturnsAsync(() => runner.Unavailable is null ? runner : null, TimeSpan.FromSeconds(5));
        var probe = await runner.RunAsync(Request(), new CostQuote(10, 1), CancellationToken.None);
        Assert.Equal("back online", probe.Text);
        Assert.Null(runner.Unavailable);
    }

    [Fact]
    public async Task The_api_key_never_appears_in_the_logs()
    {
        await using var endpoint = new FakeChatEndpoint { Next = FakeChatEndpoint.Reply.Error(500) };
        var logs = new RecordingLoggerProvider(null);
        using var runner = Runner(Options(endpoint.BaseUrl), new StubRunner("local"), logs);

        await runner.RunAsync(Request(), new CostQuote(10, 1), CancellationToken.None);

        Assert.NotEmpty(logs.Entries);
        Assert.DoesNotContain(logs.Entries, e => e.ToString().Contains(Key, StringComparison.Ordinal));
    }

    [Fact]
    public void The_api_key_is_read_from_the_key_file()
    {
        var file = Path.Combine(Path.GetTempPath(), $"cloud-key-{Guid.NewGuid():N}");
        File.WriteAllText(file, $"{Key}\n");
        try
        {
            Assert.Equal(Key, CloudApiKey.Read(new CloudLlmOptions { ApiKeyFile = file, ApiKeyEnvironmentVariable = "TMO_TEST_UNSET_KEY_VARIABLE" }));
            Assert.Null(CloudApiKey.Read(new CloudLlmOptions { ApiKeyEnvironmentVariable = "TMO_TEST_UNSET_KEY_VARIABLE" }));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
