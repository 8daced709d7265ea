using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using OpenAI;
using Tmo.Edge.Core.Runners;

namespace Tmo.Edge.Daemon.Runners.Cloud;

/// <summary>
/// The cloud LLM: an OpenAI-compatible chat-completions endpoint through Microsoft.Extensions.AI. The chosen camera
/// views go as image parts (data URIs of each view's latest frame). A call is capped to the shield's ceiling: output
/// tokens so that the USD cost cannot exceed it, and a cancellation at its latency. Usage is charged from the token
/// counts the endpoint returns. When the call fails (after retries, or with the circuit open) the turn falls back to
/// the local LLM if it can take it, in the time left, else it fails with both reasons.
/// </summary>
public sealed partial class OpenAiCloudRunner : ILlmRunner, IDisposable
{
    private readonly CloudLlmOptions _options;
    private readonly IChatClient _chat;
    private readonly HttpClient _http;
    private readonly CloudCircuit _circuit;
    private readonly CloudPriceTable _prices;
    private readonly CloudLatencyEstimate _latency;
    private readonly ILlmRunner _fallback;
    private readonly TimeProvider _time;
    private readonly ILogger<OpenAiCloudRunner> _logger;

    /// <param name="apiKey">From <see cref="CloudApiKey"/>; kept only inside the client's credential.</param>
    /// <param name="priorLatencyS">The cloud profile's latency for 0..X views, until calls are measured.</param>
    /// <param name="fallback">The local runner, for when the cloud fails.</param>
    public OpenAiCloudRunner(
        CloudLlmOptions options, string apiKey, IReadOnlyList<double> priorLatencyS, ILlmRunner fallback, TimeProvider time, ILogger<OpenAiCloudRunner> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _fallback = fallback;
        _time = time;
        _logger = logger;
        // The circuit's break is a duration: timed on the monotonic clock, a stepped wall clock cannot stretch it.
        var elapsed = new ElapsedClock(time);
        _circuit = new CloudCircuit(elapsed);
        _prices = new CloudPriceTable(options);
        _http = CloudHttpClient.Create(options, _circuit, elapsed);
        var attempts = options.MaxRetries + 1;
        var longestCallS = (attempts * options.TimeoutSeconds) + (options.RetryDelaySeconds * (Math.Pow(2, attempts) - 1));
        _latency = new CloudLatencyEstimate(priorLatencyS, longestCallS);
        var client = new OpenAIClient(new ApiKeyCredential(apiKey), new OpenAIClientOptions
        {
            Endpoint = new Uri(options.BaseUrl!),
            Transport = new HttpClientPipelineTransport(_http),

            // Retries and timeouts are the resilience handler's: the SDK's own would multiply them.
            RetryPolicy = new ClientRetryPolicy(0),
            NetworkTimeout = TimeSpan.FromSeconds(longestCallS + 5),
        });
        _chat = client.GetChatClient(options.Model).AsIChatClient();
    }

    public RunnerLocation Location => RunnerLocation.Cloud;

    public string Name => $"openai:{_options.Model}";

    public string? Unavailable => _circuit.Unavailable;

    public CostQuote Quote(RunnerRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var images = request.Views.Count;
        var input = _prices.InputTokensBound(_options.SystemPromptFor(request.Task), PromptText.Compose(request), images);
        return new CostQuote(_latency.QuoteS(images), _prices.Usd(input, _options.MaxOutputTokens, images));
    }

    public async Task<RunnerResult> RunAsync(RunnerRequest request, CostQuote ceiling, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = _time.GetTimestamp();
        var frames = request.Frames.Where(f => request.Views.Contains(f.View)).OrderBy(f => f.View).ToArray();
        var system = _options.SystemPromptFor(request.Task);
        var user = PromptText.Compose(request);
        var inputBound = _prices.InputTokensBound(system, user, frames.Length);
        var maxOutput = _prices.MaxOutputTokensWithin(ceiling.UsageUsd, inputBound, frames.Length);
        string failure;
        if (maxOutput < 1)
        {
            failure = $"the {ceiling.UsageUsd:0.#####} USD ceiling does not cover the input ({inputBound} tokens at most, {frames.Length} images)";
        }
        else
        {
            try
            {
                return await CallAsync(request, ceiling, system, user, frames, maxOutput, started, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failure = Describe(ex);
                _latency.Record(frames.Length, _time.GetElapsedTime(started).TotalSeconds);
                LogFailed(_logger, _options.Model, failure);
            }
        }

        return await FallBackAsync(request, ceiling, failure, started, cancellationToken);
    }

    public void Dispose() => _http.Dispose();

    private async Task<RunnerResult> CallAsync(
        RunnerRequest request, CostQuote ceiling, string system, string user, CameraFrame[] frames, int maxOutput, long started, CancellationToken cancellationToken)
    {
        var content = new List<AIContent> { new TextContent(user) };
        content.AddRange(frames.Select(f => new DataContent(f.Image, f.MediaType)));
        var messages = new List<ChatMessage> { new(ChatRole.System, system), new(ChatRole.User, content) };

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(CloudTimeLimit(request, ceiling));
        var response = await _chat.GetResponseAsync(messages, new ChatOptions { MaxOutputTokens = maxOutput }, limit.Token);

        var elapsed = _time.GetElapsedTime(started);
        _latency.Record(frames.Length, elapsed.TotalSeconds);
        var inputBound = _prices.InputTokensBound(system, user, frames.Length);
        var tokensIn = response.Usage?.InputTokenCount ?? inputBound;
        var tokensOut = response.Usage?.OutputTokenCount ?? maxOutput;
        var usd = _prices.Usd(tokensIn, tokensOut, frames.Length);
        if (usd > ceiling.UsageUsd)
        {
            // Only a price table or image token bound that understates the endpoint's billing can get here.
            LogOverCeiling(_logger, usd, ceiling.UsageUsd, tokensIn, inputBound);
        }

        var rate = elapsed > TimeSpan.Zero ? tokensOut / elapsed.TotalSeconds : 0;
        var stats = new GenerationStats((int)tokensIn, (int)tokensOut, elapsed, rate);
        return new RunnerResult(response.Text, elapsed.TotalSeconds, usd, EnergyJ: 0, Generation: stats);
    }

    /// <summary>
    /// The cloud gets the ceiling minus what the local fallback would need (its quote, at most half the ceiling), so a
    /// timed-out cloud call still leaves the fallback time to answer.
    /// </summary>
    private TimeSpan CloudTimeLimit(RunnerRequest request, CostQuote ceiling)
    {
        var reserve = _fallback.Unavailable is null ? Math.Min(_fallback.Quote(request).LatencyS, ceiling.LatencyS / 2) : 0;
        return TimeSpan.FromSeconds(Math.Max(0.001, ceiling.LatencyS - reserve));
    }

    private async Task<RunnerResult> FallBackAsync(RunnerRequest request, CostQuote ceiling, string failure, long started, CancellationToken cancellationToken)
    {
        var left = ceiling.LatencyS - _time.GetElapsedTime(started).TotalSeconds;
        if (_fallback.Unavailable is { } unavailable)
        {
            throw new CloudLlmException($"cloud LLM failed ({failure}) and the local LLM is unavailable ({unavailable})");
        }

        if (left <= 0)
        {
            throw new CloudLlmException($"cloud LLM failed ({failure}) with no time left for the local LLM");
        }

        LogFallback(_logger, request.DialogueId, request.Turn, failure, left);
        var local = await _fallback.RunAsync(request with { Views = [], Frames = [] }, new CostQuote(left, 0), cancellationToken);
        return local with { LatencyS = _time.GetElapsedTime(started).TotalSeconds, FellBack = true };
    }

    private static string Describe(Exception ex) => ex switch
    {
        OperationCanceledException => "no answer within the latency ceiling",
        ClientResultException { Status: > 0 } http => $"HTTP {http.Status}: {FirstLine(http.Message)}",
        _ => $"{ex.GetType().Name}: {FirstLine(ex.Message)}",
    };

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cloud LLM {Model} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string model, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dialogue {DialogueId} turn {Turn}: the cloud failed ({Reason}); answering with the local LLM in the {LeftS:0.###} s left")]
    private static partial void LogFallback(ILogger logger, string dialogueId, int turn, string reason, double leftS);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "A cloud call cost {Usd:0.#######} USD, over its {CeilingUsd:0.#######} USD ceiling: the endpoint counted {TokensIn} input tokens, the bound was {Bound}; check Tmo:CloudLlm's price table and MaxTokensPerImage")]
    private static partial void LogOverCeiling(ILogger logger, double usd, double ceilingUsd, long tokensIn, long bound);
}
