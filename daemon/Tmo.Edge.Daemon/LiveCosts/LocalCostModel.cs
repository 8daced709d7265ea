using Tmo.Edge.Core.Runners;
using Tmo.Edge.Daemon.Telemetry;

namespace Tmo.Edge.Daemon.LiveCosts;

/// <summary>
/// The local LLM's cost learned from its calls. Latency: from the runner's generation stats where it reports them
/// (time to first token + tokens out / decode rate, each bounded: upper for the first two, lower for the rate), else
/// from the call's latency itself (the replay runner has no token counts). Usage: measured joules per call x the
/// electricity price. Until <see cref="TelemetryOptions.WarmUpCalls"/> calls were measured, the runner's own quote
/// stands. Thread-safe: lanes run calls in parallel.
/// </summary>
public sealed class LocalCostModel(TelemetryOptions options)
{
    private readonly Lock _lock = new();
    private readonly MovingCost _latency = new(options.EwmaAlpha);
    private readonly MovingCost _firstToken = new(options.EwmaAlpha);
    private readonly MovingCost _tokensOut = new(options.EwmaAlpha);
    private readonly MovingCost _tokensPerSecond = new(options.EwmaAlpha);
    private readonly MovingCost _energy = new(options.EwmaAlpha);

    public double UsdPerJoule { get; } = options.ElectricityUsdPerKwh / 3.6e6;

    public int Calls
    {
        get
        {
            lock (_lock)
            {
                return _latency.Count;
            }
        }
    }

    public void Observe(RunnerResult result, double? energyJ)
    {
        ArgumentNullException.ThrowIfNull(result);
        lock (_lock)
        {
            _latency.Observe(result.LatencyS);
            if (result.Generation is { TokensPerSecond: > 0 } generation)
            {
                _firstToken.Observe(generation.TimeToFirstToken.TotalSeconds);
                _tokensOut.Observe(generation.TokensOut);
                _tokensPerSecond.Observe(generation.TokensPerSecond);
            }

            if (energyJ is { } joules)
            {
                _energy.Observe(joules);
            }
        }
    }

    /// <summary>
    /// The live quote, or <paramref name="fallback"/> (the runner's own) for what is not warmed up yet. With
    /// <paramref name="liveLatency"/> false the runner's latency stands (its quote is exact, as a replayed turn's is);
    /// usage is always the measured energy's, since energy x price is how this daemon charges a local call.
    /// </summary>
    public CostQuote Quote(CostQuote fallback, bool liveLatency = true)
    {
        var k = options.QuoteDeviations;
        var warm = options.WarmUpCalls;
        lock (_lock)
        {
            var latency = !liveLatency ? fallback.LatencyS
                : _tokensPerSecond.Count >= warm && _tokensPerSecond.Lower(k) > 0 ? _firstToken.Upper(k) + (_tokensOut.Upper(k) / _tokensPerSecond.Lower(k))
                : _latency.Count >= warm ? _latency.Upper(k)
                : fallback.LatencyS;
            var usage = _energy.Count >= warm ? _energy.Upper(k) * UsdPerJoule : fallback.UsageUsd;
            return new CostQuote(latency, usage);
        }
    }
}
