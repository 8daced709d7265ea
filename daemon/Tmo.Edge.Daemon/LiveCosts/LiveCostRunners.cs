using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tmo.Edge.Core.Options;
using Tmo.Edge.Core.Runners;
using Tmo.Edge.Daemon.Telemetry;

namespace Tmo.Edge.Daemon.LiveCosts;

/// <summary>Puts the live state and measured costs around the runners the daemon creates at start-up.</summary>
public sealed class LiveCostRunners(
    TelemetryState state,
    LocalCostModel localCosts,
    CloudCostModel cloudCosts,
    IOptions<TelemetryOptions> options,
    TimeProvider time,
    ILogger<TelemetryAwareRunner> logger)
{
    public ILlmRunner Local(ILlmRunner inner) => new TelemetryAwareRunner(inner, state, localCosts, options.Value.LiveCosts, time, logger);

    public ILlmRunner Cloud(ILlmRunner inner) => new MeasuredCloudRunner(inner, cloudCosts, options.Value.LiveCosts);
}
