using Microsoft.Extensions.Time.Testing;
using Tmo.Edge.Core.Runners;

namespace Tmo.Edge.Daemon.Tests.Telemetry;

/// <summary>
/// A runner that answers from a queue and takes its reported latency on the fake clock, in whole-second steps that
/// run <see cref="Step"/> (a sampling tick) at each full second, so a call spans telemetry samples as a real one does.
/// </summary>
internal sealed class ScriptedRunner(FakeTimeProvider time, RunnerLocation location) : ILlmRunner
{
    public Queue<RunnerResult> Results { get; } = new();

    public CostQuote OwnQuote { get; set; } = new(9, 0.009);

    public string? OwnUnavailable { get; set; }

    public List<CostQuote> Ceilings { get; } = [];

    public Func<Task>? Step { get; init; }

    public RunnerLocation Location => location;

    public string Name => "scripted";

    public string? Unavailable => OwnUnavailable;

    public static RunnerRequest Request(int[] views) =>
        new("d", 1, "prompt", "Query", views, [], new Dictionary<string, string>());

    public CostQuote Quote(RunnerRequest request) => OwnQuote;

    public async Task<RunnerResult> RunAsync(RunnerRequest request, CostQuote ceiling, CancellationToken cancellationToken)
    {
        Ceilings.Add(ceiling);
        var result = Results.Dequeue();
        var remaining = TimeSpan.FromSeconds(result.LatencyS);
        while (remaining > TimeSpan.Zero)
        {
            var toNextSecond = TimeSpan.FromSeconds(1) - TimeSpan.FromTicks(time.GetUtcNow().Ticks % TimeSpan.TicksPerSecond);
            var step = remaining < toNextSecond ? remaining : toNextSecond;
            time.Advance(step);
            remaining -= step;
            if (time.GetUtcNow().Ticks % TimeSpan.TicksPerSecond == 0 && Step is not null)
            {
                await Step();
            }
        }

        return result;
    }
}
