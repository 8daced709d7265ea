using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Core.Messaging;
using Tmo.Edge.Core.Runners;
using Tmo.Edge.Daemon.Runners;
using Tmo.Edge.Daemon.Runners.Local;
using Tmo.Edge.Daemon.Tests.EndToEnd;

namespace Tmo.Edge.Daemon.Tests.Runners.Local;

/// <summary>The real runner: `tmo-edge llm-host` as a child process running the tiny GGUF model with LLamaSharp.</summary>
public sealed class LocalLlmRunnerTests
{
    private static readonly TimeSpan LoadLimit = TimeSpan.FromSeconds(60);

    internal static LocalLlmOptions Options(string model, int maxTokens = 16) => new()
    {
        ModelPath = model,
        ContextSize = TinyLlamaModel.ContextLength,
        Threads = 1,
        MaxTokens = maxTokens,
        Temperature = 0,
        RestartInitialSeconds = 0.2,
        RestartMaxSeconds = 1,
        PartialIntervalMs = 10,
    };

    internal static RunnerRequest Request(string prompt = "Where did I put my dishes?") =>
        new("kitchen-1", 1, prompt, "Query", [], [], new Dictionary<string, string> { ["temperature"] = "21.5" });

    internal static async Task<LocalLlmRunner> StartAsync(LocalLlmOptions options, IMessagePublisher? publisher = null)
    {
        var partials = new PartialResponses(publisher ?? new RecordingPublisher(), TimeSpan.FromMilliseconds(options.PartialIntervalMs), TimeProvider.System, NullLogger<PartialResponses>.Instance);
        var runner = new LocalLlmRunner(options, LlmHostLaunch.ForThisInstall(), partials, TimeProvider.System, NullLogger<LocalLlmRunner>.Instance);
        runner.Start();
        return runner;
    }

    internal static Task WaitUntilAvailableAsync(ILlmRunner runner) =>
        Eventually.ReturnsAsync(() => runner.Unavailable is null ? runner : null, LoadLimit);

    [Fact]
    public async Task The_tiny_model_answers_through_the_child_process_with_generation_stats()
    {
        await using var runner = await StartAsync(Options(TinyModelFiles.Good, maxTokens: 24));
        Assert.NotNull(runner.Unavailable);
        await WaitUntilAvailableAsync(runner);
        Assert.NotEqual(Environment.ProcessId, runner.HostProcessId);

        var result = await runner.RunAsync(Request(), new CostQuote(30, 0), CancellationToken.None);

        var stats = Assert.IsType<GenerationStats>(result.Generation);
        Assert.Equal(24, stats.TokensOut);
        Assert.InRange(stats.TokensIn, 10, 200);
        Assert.True(stats.TimeToFirstToken > TimeSpan.Zero);
        Assert.True(stats.TokensPerSecond > 0);
        Assert.False(string.IsNullOrEmpty(result.Text));
        Assert.Equal((0.0, 0.0), (result.UsageUsd, result.EnergyJ));
        Assert.InRange(result.LatencyS, stats.TimeToFirstToken.TotalSeconds, 30);
    }

    [Fact]
    public async Task A_loaded_model_is_calibrated_so_the_first_quote_is_measured_not_the_prior()
    {
        var options = Options(TinyModelFiles.Good);
        options.PriorTokensPerSecond = 0.01;
        await using var runner = await StartAsync(options);
        var prior = runner.Quote(Request()).LatencyS;

        await WaitUntilAvailableAsync(runner);

        Assert.True(prior > 1000, $"prior quote {prior} s");
        Assert.InRange(runner.Quote(Request()).LatencyS, 0.001, 10);
    }

    [Fact]
    public async Task Partial_answers_are_published_while_the_model_generates()
    {
        var publisher = new RecordingPublisher();
        await using var runner = await StartAsync(Options(TinyModelFiles.Good, maxTokens: 400), publisher);
        await WaitUntilAvailableAsync(runner);

        var reply = ReplyRoute.Default(new TopicLayout("tmo/dev1"), "alice");
        var result = await runner.RunAsync(Request() with { Reply = reply }, new CostQuote(30, 0), CancellationToken.None);

        var partials = publisher.Published
            .Where(p => p.Topic == "tmo/dev1/users/alice/out/response/partial")
            .Select(p => JsonSerializer.Deserialize(p.Payload, ContractJsonContext.Default.PartialResponseMessage)!)
            .ToArray();
        Assert.NotEmpty(partials);
        Assert.All(partials, p => Assert.StartsWith(p.Text, result.Text, StringComparison.Ordinal));
        Assert.Equal(partials.Select(p => p.Tokens).Order(), partials.Select(p => p.Tokens));
        Assert.All(partials, p => Assert.Equal(("kitchen-1", 1), (p.DialogueId, p.Turn)));
    }

    [Fact]
    public async Task A_file_that_is_not_gguf_is_a_clear_reason_and_starts_no_child()
    {
        await using var runner = await StartAsync(Options(TinyModelFiles.NotGguf));

        var reason = await Eventually.ReturnsAsync(() => runner.Unavailable is { } r && r.Contains("not a GGUF model", StringComparison.Ordinal) ? r : null);

        Assert.Contains("not-a-model.gguf", reason, StringComparison.Ordinal);
        Assert.Null(runner.HostProcessId);
        await Assert.ThrowsAsync<LlmHostException>(() => runner.RunAsync(Request(), new CostQuote(5, 0), CancellationToken.None));
    }

    [Fact]
    public async Task A_model_that_aborts_llama_cpp_kills_only_the_child_which_is_restarted_with_backoff()
    {
        var before = Process.GetCurrentProcess().StartTime;
        await using var runner = await StartAsync(Options(TinyModelFiles.Aborting));

        var reason = await Eventually.ReturnsAsync(() => runner.Unavailable is { } r && r.Contains("SIGABRT", StringComparison.Ordinal) ? r : null, LoadLimit);

        Assert.Contains("GGML_ASSERT", reason, StringComparison.Ordinal);
        Assert.Contains("restarting in", reason, StringComparison.Ordinal);
        Assert.Equal(before, Process.GetCurrentProcess().StartTime);
    }

    [Fact]
    public async Task A_killed_child_is_restarted_and_answers_again()
    {
        await using var runner = await StartAsync(Options(TinyModelFiles.Good));
        await WaitUntilAvailableAsync(runner);
        var first = runner.HostProcessId!.Value;

        using (var child = Process.GetProcessById(first))
        {
            child.Kill();
        }

        var reason = await Eventually.ReturnsAsync(() => runner.Unavailable, LoadLimit);
        Assert.Contains("SIGKILL", reason, StringComparison.Ordinal);
        await WaitUntilAvailableAsync(runner);
        Assert.NotEqual(first, runner.HostProcessId);
        var result = await runner.RunAsync(Request(), new CostQuote(30, 0), CancellationToken.None);
        Assert.Equal(16, result.Generation!.TokensOut);
    }
}
