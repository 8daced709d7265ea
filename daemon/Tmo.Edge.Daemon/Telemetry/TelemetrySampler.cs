using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tmo.Edge.Core.Messaging;
using Tmo.Edge.Core.Options;
using Tmo.Edge.Core.Telemetry;
using Tmo.Edge.Daemon.Metrics;
using Tmo.Edge.Data.Telemetry;

namespace Tmo.Edge.Daemon.Telemetry;

/// <summary>
/// Samples the device (1 Hz by default): updates <see cref="TelemetryState"/> (feasibility, energy meter) and the
/// metrics, publishes the sample on `telemetry`, announces Home Assistant discovery once, and stores the per-minute
/// mean in SQLite. A failing source, broker or database costs that one step (logged once per kind of failure);
/// the loop itself only stops with the daemon.
/// </summary>
public sealed partial class TelemetrySampler(
    ITelemetrySource source,
    TelemetryState state,
    IMessagePublisher publisher,
    IDiscoveryPublisher discovery,
    TelemetryStore store,
    DaemonMetrics metrics,
    IOptions<TelemetryOptions> options,
    IOptions<DaemonIdentityOptions> identity,
    TimeProvider time,
    ILogger<TelemetrySampler> logger) : BackgroundService
{
    private readonly TelemetryWindow _window = new();
    private readonly HashSet<string> _failuresLogged = new(StringComparer.Ordinal);
    private DateTimeOffset? _windowStart;
    private bool _discovered;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        LogSampling(logger, source.Name, settings.IntervalS);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(settings.IntervalS), time);
        do
        {
            await SampleOnceAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One step of the loop; public so tests can drive it tick by tick.</summary>
    public async Task SampleOnceAsync(CancellationToken cancellationToken)
    {
        TelemetrySample sample;
        try
        {
            sample = await source.ReadAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            FailedOnce("source", ex);
            sample = TelemetrySample.Empty(source.Name);
        }

        var now = time.GetUtcNow();
        state.Update(sample);
        metrics.Telemetry(sample, state.LocalUnavailable is not null);
        await PublishAsync(sample, cancellationToken);
        await PersistAsync(sample, now, cancellationToken);
    }

    private async Task PublishAsync(TelemetrySample sample, CancellationToken cancellationToken)
    {
        try
        {
            var payload = JsonSerializer.SerializeToUtf8Bytes(sample, TelemetryJsonContext.Default.TelemetrySample);
            await publisher.PublishAsync(TopicLayout.Telemetry, payload, retain: false, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not connected yet (the sampler starts before MQTT), or the broker is restarting: the next sample goes out
            // when it is back, and the transport logs its own connection trouble.
            if (_failuresLogged.Add($"publish:{ex.GetType().FullName}"))
            {
                LogPublishFailed(logger, ex.Message);
            }

            return;
        }

        if (_discovered || !options.Value.HomeAssistantDiscovery)
        {
            return;
        }

        try
        {
            var topics = identity.Value.Topics;
            foreach (var (topic, config) in HomeAssistantDiscovery.Configs(options.Value.DiscoveryPrefix, identity.Value.DeviceId, topics, sample))
            {
                await discovery.PublishAsync(topic, config, cancellationToken);
            }

            _discovered = true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            FailedOnce("discovery", ex);
        }
    }

    private async Task PersistAsync(TelemetrySample sample, DateTimeOffset now, CancellationToken cancellationToken)
    {
        _window.Add(sample);
        _windowStart ??= now;
        if ((now - _windowStart.Value).TotalSeconds + 1e-9 < options.Value.PersistIntervalS)
        {
            return;
        }

        var means = _window.Drain();
        _windowStart = null;
        try
        {
            await store.AppendAsync(means, now, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            FailedOnce("store", ex);
        }
    }

    private void FailedOnce(string step, Exception ex)
    {
        if (_failuresLogged.Add($"{step}:{ex.GetType().FullName}"))
        {
            LogStepFailed(logger, step, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Telemetry from source {Source} every {IntervalS} s")]
    private static partial void LogSampling(ILogger logger, string source, double intervalS);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Telemetry not published: {Reason}; further failures of this kind are not logged")]
    private static partial void LogPublishFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telemetry {Step} failed: {Reason}; the loop goes on, and further failures of this kind are not logged")]
    private static partial void LogStepFailed(ILogger logger, string step, string reason);
}
