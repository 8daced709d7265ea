using Tmo.Edge.Core.Runners;
using Tmo.Edge.Daemon.Telemetry;

namespace Tmo.Edge.Daemon.LiveCosts;

/// <summary>
/// The cloud LLM's cost learned per number of uploaded views (uploading images is what makes cloud calls slower
/// and dearer): latency measured per call, usage as the runner reported it (the provider's price for the tokens).
/// Each view count warms up on its own. Thread-safe.
/// </summary>
public sealed class CloudCostModel(TelemetryOptions options)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<int, (MovingCost Latency, MovingCost Usage)> _byViews = [];

    public void Observe(int views, RunnerResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        lock (_lock)
        {
            if (!_byViews.TryGetValue(views, out var costs))
            {
                costs = (new MovingCost(options.EwmaAlpha), new MovingCost(options.EwmaAlpha));
                _byViews[views] = costs;
            }

            costs.Latency.Observe(result.LatencyS);
            costs.Usage.Observe(result.UsageUsd);
        }
    }

    public int Calls(int views)
    {
        lock (_lock)
        {
            return _byViews.TryGetValue(views, out var costs) ? costs.Latency.Count : 0;
        }
    }

    public CostQuote Quote(int views, CostQuote fallback)
    {
        lock (_lock)
        {
            return _byViews.TryGetValue(views, out var costs) && costs.Latency.Count >= options.WarmUpCalls
                ? new CostQuote(costs.Latency.Upper(options.QuoteDeviations), costs.Usage.Upper(options.QuoteDeviations))
                : fallback;
        }
    }
}
