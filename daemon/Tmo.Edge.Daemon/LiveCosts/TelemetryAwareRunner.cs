using Microsoft.Extensions.Logging;
using Tmo.Edge.Core.Runners;
using Tmo.Edge.Daemon.Telemetry;

namespace Tmo.Edge.Daemon.LiveCosts;

/// <summary>
/// Wraps the local runner with the device's live state: unavailable while telemetry makes the local LLM infeasible
/// (hot, short of memory, over the power cap), quoted from measured calls once warmed up (see
/// <see cref="LiveQuoting"/>), and charged the energy the board actually drew during the call at the electricity price.
/// </summary>
/// <remarks>
/// Energy is the mean measured power over the call's elapsed (monotonic) time times the call's latency: for a real runner the two
/// durations are the same and this is the integral of rail power over the call; a replayed call reports its
/// recorded latency but may run faster (speed factor), and its energy is then what the board draws per second of
/// such a call. The charged usage never exceeds the ceiling the shield planned with (the runner contract); a call
/// that drew more is logged and raises the next quotes through the model.
/// </remarks>
public sealed partial class TelemetryAwareRunner(
    ILlmRunner inner, TelemetryState state, LocalCostModel model, LiveQuoting quoting, ILogger<TelemetryAwareRunner> logger) : ILlmRunner, IRunnerDecorator
{
    public ILlmRunner Inner => inner;

    public RunnerLocation Location => inner.Location;

    public string Name => inner.Name;

    public string? Unavailable => inner.Unavailable ?? state.LocalUnavailable;

    public CostQuote Quote(RunnerRequest request)
    {
        var own = inner.Quote(request);
        return quoting == LiveQuoting.Off ? own : model.Quote(own, liveLatency: quoting == LiveQuoting.LatencyAndUsage);
    }

    public async Task<RunnerResult> RunAsync(RunnerRequest request, CostQuote ceiling, CancellationToken cancellationToken)
    {
        var start = state.Energy.Read();
        var result = await inner.RunAsync(request, ceiling, cancellationToken);
        var end = state.Energy.Read();
        var energy = Energy(start, end, result.LatencyS);
        model.Observe(result, energy);
        if (energy is not { } joules)
        {
            return result;
        }

        var usage = joules * model.UsdPerJoule;
        if (usage > ceiling.UsageUsd)
        {
            LogOverCeiling(logger, joules, usage, ceiling.UsageUsd);
            usage = ceiling.UsageUsd;
        }

        return result with { EnergyJ = joules, UsageUsd = usage };
    }

    private static double? Energy(EnergyReading start, EnergyReading end, double latencyS)
    {
        if (end.Since(start) is not { } joules)
        {
            return null;
        }

        var elapsedS = (end.At - start.At).TotalSeconds;
        var meanPowerW = elapsedS > 0 ? joules / elapsedS : end.PowerW!.Value;
        return meanPowerW * latencyS;
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "A local call drew {EnergyJ:0.#} J = {UsageUsd:0.#######} USD, more than its {CeilingUsd:0.#######} USD ceiling; charged the ceiling, later quotes rise")]
    private static partial void LogOverCeiling(ILogger logger, double energyJ, double usageUsd, double ceilingUsd);
}
