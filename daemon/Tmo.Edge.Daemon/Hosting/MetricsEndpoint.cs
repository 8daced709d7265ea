using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Prometheus;
using Tmo.Edge.Daemon.Metrics;

namespace Tmo.Edge.Daemon.Hosting;

/// <summary>Serves the daemon's Prometheus text metrics on http://{Address}:{Port}/metrics.</summary>
public sealed partial class MetricsEndpoint(DaemonMetrics metrics, IOptions<MetricsOptions> options, ILogger<MetricsEndpoint> logger)
    : IHostedService, IDisposable
{
    private MetricServer? _server;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var value = options.Value;
        if (value.Enabled)
        {
            _server = new MetricServer(value.Address, value.Port, url: "metrics/", registry: metrics.Registry);
            _server.Start();
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is null)
        {
            return;
        }

        try
        {
            await _server.StopAsync();
        }
        catch (HttpListenerException ex)
        {
            // .NET's HttpListener on Linux can fail while closing (it looks its endpoint up again, and may try to bind
            // the port anew: "Address already in use", seen in CI). The metrics stop either way; the rest of the
            // shutdown must not be cut short by it.
            LogStopFailed(logger, ex.Message);
            _server = null; // Disposing it would close the listener again, and fail again.
        }
    }

    public void Dispose() => _server?.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "The metrics endpoint did not close cleanly ({Reason}); shutting down anyway")]
    private static partial void LogStopFailed(ILogger logger, string reason);
}
