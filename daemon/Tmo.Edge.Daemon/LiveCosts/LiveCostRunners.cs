using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tmo.Edge.Core.Runners;
using Tmo.Edge.Daemon.Telemetry;

namespace Tmo.Edge.Daemon.LiveCosts;

/// <summary>Puts the live state and measured costs around the runners the daemon creates at start-up.</summary>
public sealed class LiveCostRunners(
    TelemetryState state,
    LocalCostModel localCosts,
    CloudCostModel cloudCosts,
    IOptions<TelemetryOptions> options,
    ILogger<TelemetryAwareRunner> logger)
{
    /// <param name="inner">The runner.</param>
    /// <param name="exactQuotes">
    /// Whether the runner's own quote is the call's cost, not a static estimate or a worst case: a replayed turn quotes
    /// its recorded cost, which an average over other turns can only make worse. Such runners keep their latency
    /// quotes; the local call's usage is still priced from measured energy.
    /// </param>
    public ILlmRunner Local(ILlmRunner inner, bool exactQuotes) => new TelemetryAwareRunner(inner, state, localCosts, Quoting(exactQuotes), logger);

    public ILlmRunner Cloud(ILlmRunner inner, bool exactQuotes) => new MeasuredCloudRunner(inner, cloudCosts, Quoting(exactQuotes));

    private LiveQuoting Quoting(bool exactQuotes) =>
        !options.Value.LiveCosts ? LiveQuoting.Off : exactQuotes ? LiveQuoting.UsageOnly : LiveQuoting.LatencyAndUsage;
}
