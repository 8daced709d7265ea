using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Tmo.Edge.Daemon.Hosting;

/// <summary>
/// Logs the start-up's phases once every hosted service has started, the moment before the host tells systemd it is
/// ready. Registered before the others (<see cref="Cli.RunCommand"/>), so its Starting, Start and Started come first
/// in their phase and each closes the phase before: the host constructing its hosted services (and what they depend
/// on), the others' Starting, then their Start.
/// </summary>
public sealed partial class StartupReport(StartupPhases phases, ILogger<StartupReport> logger) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        phases.Completed("hosted services constructed");
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        phases.Completed("services' Starting (start-up state, broker)");
        return Task.CompletedTask;
    }

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        phases.Completed("services' Start");
        LogStarted(logger, phases.Elapsed.TotalSeconds, phases.ResidentMiB, phases);
        return Task.CompletedTask;
    }

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Started in {Seconds:F2} s since the command began, {ResidentMiB:F0} MiB resident: {Phases}")]
    private static partial void LogStarted(ILogger logger, double seconds, double residentMiB, StartupPhases phases);
}
