using Tmo.Edge.Core.Runners;

namespace Tmo.Edge.Daemon.LiveCosts;

/// <summary>
/// Wraps the cloud runner: quoted per number of uploaded views from measured calls once warmed up. The cloud's usage
/// is the provider's price, which the runner itself reports; so with <see cref="LiveQuoting.UsageOnly"/> (exact runner
/// quotes) nothing is replaced. Only answers the cloud gave are measured: a local fallback after a failed call costs
/// nothing and says nothing of the cloud, and learning from it drove the quote, and with it the ceiling the next call
/// got, towards zero until no call could go out at all, so the cloud never came back after an outage.
/// </summary>
public sealed class MeasuredCloudRunner(ILlmRunner inner, CloudCostModel model, LiveQuoting quoting) : ILlmRunner, IRunnerDecorator
{
    public ILlmRunner Inner => inner;

    public RunnerLocation Location => inner.Location;

    public string Name => inner.Name;

    public string? Unavailable => inner.Unavailable;

    public CostQuote Quote(RunnerRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var own = inner.Quote(request);
        return quoting == LiveQuoting.LatencyAndUsage ? model.Quote(request.Views.Count, own) : own;
    }

    public async Task<RunnerResult> RunAsync(RunnerRequest request, CostQuote ceiling, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await inner.RunAsync(request, ceiling, cancellationToken);
        if (!result.FellBack)
        {
            model.Observe(request.Views.Count, result);
        }

        return result;
    }
}
