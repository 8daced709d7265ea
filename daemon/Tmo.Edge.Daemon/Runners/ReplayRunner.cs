using Tmo.Edge.Core.Runners;

namespace Tmo.Edge.Daemon.Runners;

/// <summary>
/// Answers from M4A1's recorded turns with no model and no network: the whole pipeline runs anywhere. It waits the
/// recorded latency times the speed factor (0: instantly) and charges the recorded latency and usage to the budgets.
/// Local energy is the device profile's peak power over the call. A recorded turn costs exactly its own quote; under a
/// lower ceiling (a live quote) it stops at the ceiling, as a real runner does.
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

        // A measured (live) quote can be below this turn's recorded cost; a real runner stops generating at the
        // ceiling and reports what it spent, and so does the replay: the answer is cut where the time ran out.
        var latency = Math.Min(answer.LatencyS, ceiling.LatencyS);
        var usage = Math.Min(answer.UsageUsd, ceiling.UsageUsd);
        var cut = latency < answer.LatencyS;
        if (speedFactor > 0)
        {
            await Task.Delay(TimeSpan.FromSeconds(latency * speedFactor), time, cancellationToken);
        }

        var energy = location == RunnerLocation.Local ? localPowerW * latency : 0;
        var text = cut ? answer.Text[..(int)(answer.Text.Length * latency / answer.LatencyS)] + " [stopped at the latency ceiling]" : answer.Text;
        return new RunnerResult(text, latency, usage, energy, cut ? null : answer.Score);
    }
}
