using System.Net.Http;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Tmo.Edge.Daemon.Runners.Cloud;

/// <summary>
/// The HTTP client the cloud runner talks through: Microsoft.Extensions.Http.Resilience's strategies in the standard
/// order (retry with exponential backoff and jitter, circuit breaker, per-attempt timeout), each from the options.
/// Transient failures are 5xx, 408, 429, connection errors and attempt timeouts. The client itself has no timeout:
/// the runner cancels at the shield's latency ceiling.
/// </summary>
public static class CloudHttpClient
{
    public static HttpClient Create(CloudLlmOptions options, CloudCircuit circuit, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(circuit);
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                Delay = TimeSpan.FromSeconds(options.RetryDelaySeconds),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            });
        }

        var pipeline = builder
            .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                FailureRatio = options.CircuitFailureRatio,
                MinimumThroughput = options.CircuitMinimumThroughput,
                SamplingDuration = TimeSpan.FromSeconds(options.CircuitSamplingSeconds),
                BreakDuration = TimeSpan.FromSeconds(options.CircuitBreakSeconds),
                OnOpened = circuit.OnOpened,
                OnClosed = circuit.OnClosed,
            })
            .AddTimeout(new HttpTimeoutStrategyOptions { Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds) })
            .Build();
#pragma warning disable CA2000 // The handler chain is owned and disposed by the HttpClient.
        var handler = new ResilienceHandler(pipeline)
        {
            // Pooled connections are renewed now and then, so a DNS change of the endpoint is picked up.
            InnerHandler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) },
        };
#pragma warning restore CA2000
        return new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }
}
