using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using Tmo.Edge.Daemon.Decisions;

namespace Tmo.Edge.Daemon.Hosting;

/// <summary>
/// Feeds systemd's watchdog (WatchdogSec) with WATCHDOG=1 at half of WATCHDOG_USEC, and only while the decision
/// loop is healthy: Microsoft.Extensions.Hosting.Systemd sends READY/STOPPING but never pings the watchdog.
/// </summary>
public sealed partial class SystemdWatchdog(ISystemdNotifier notifier, DecisionLoopHealth health, TimeProvider time, ILogger<SystemdWatchdog> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (Interval(Environment.GetEnvironmentVariable("WATCHDOG_USEC")) is not { } interval || !notifier.IsEnabled)
        {
            return;
        }

        LogWatchdog(logger, interval.TotalSeconds);
        var wasHealthy = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            var healthy = health.IsHealthy;
            if (healthy)
            {
                notifier.Notify(new ServiceState("WATCHDOG=1"));
            }
            else if (wasHealthy)
            {
                LogUnhealthy(logger);
            }

            wasHealthy = healthy;
            await Task.Delay(interval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Half of WATCHDOG_USEC, or null when systemd set no watchdog.</summary>
    public static TimeSpan? Interval(string? watchdogUsec) =>
        long.TryParse(watchdogUsec, NumberStyles.None, CultureInfo.InvariantCulture, out var usec) && usec > 0
            ? TimeSpan.FromMicroseconds(usec / 2.0)
            : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "systemd watchdog: pinging every {Seconds:F1} s while the decision loop is healthy")]
    private static partial void LogWatchdog(ILogger logger, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Decision loop unhealthy (a lane stalled or stopped): withholding the systemd watchdog ping")]
    private static partial void LogUnhealthy(ILogger logger);
}
