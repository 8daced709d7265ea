using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Prometheus;
using Tmo.Edge.Core.Options;
using Tmo.Edge.Daemon.Metrics;

namespace Tmo.Edge.Daemon.Hosting;

/// <summary>Serves the daemon's Prometheus text metrics on http://{Address}:{Port}/metrics.</summary>
public sealed class MetricsEndpoint(DaemonMetrics metrics, IOptions<MetricsOptions> options) : IHostedService, IDisposable
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
        if (_server is not null)
        {
            await _server.StopAsync();
        }
    }

    public void Dispose() => _server?.Dispose();
}
