using Tmo.Edge.Core.Runners;

namespace Tmo.Edge.Daemon.Runners;

/// <summary>
/// Answers from M4A1's recorded turns with no model and no network: the whole pipeline runs anywhere. It waits the
/// recorded latency times the speed factor (0: instantly) and charges the recorded latency and usage to the budgets.
/// Local energy is the device profile's peak power over the call. A recorded turn costs exactly its quote, so the
/// ceiling is met by construction.
/// </summary>
public sealed class ReplayRunner(ReplayBook book, RunnerLocation location, double speedFactor, double localPowerW, TimeProvider time) : ILlmRunner
{
    public RunnerLocation Location => location;

    public string Name => location == RunnerLocation.Local ? "replay-local" : "replay-cloud";

    public string? Unavailable => null;

    public CostQuote Quote(RunnerRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var answer = book.Lookup(request.Prompt, location, request.Views.Count);
        return new CostQuote(answer.LatencyS, answer.UsageUsd);
    }

    public async Task<RunnerResult> RunAsync(RunnerRequest request, CostQuote ceiling, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var answer = book.Lookup(request.Prompt, location, request.Views.Count);
        if (speedFactor > 0)
        {
            await Task.Delay(TimeSpan.FromSeconds(answer.LatencyS * speedFactor), time, cancellationToken);
        }

        var energy = location == RunnerLocation.Local ? localPowerW * answer.LatencyS : 0;
        return new RunnerResult(answer.Text, answer.LatencyS, answer.UsageUsd, energy, answer.Score);
    }
}
