using Tmo.Edge.Core.Runners;

namespace Tmo.Edge.Daemon.Tests.Decisions;

/// <summary>
/// A runner that quotes a fixed cost (the cloud's grows with the views uploaded), answers with a set text or fails,
/// and keeps every request it ran.
/// </summary>
internal sealed class QuotedRunner(RunnerLocation location, double latencyS, double usageUsd) : ILlmRunner
{
    /// <summary>What a cloud quote adds per camera view uploaded.</summary>
    public const double PerViewLatencyS = 0.5;
    public const double PerViewUsageUsd = 0.001;

    public List<RunnerRequest> Runs { get; } = [];

    public string Answer { get; set; } = "an answer";

    public Exception? Failure { get; set; }

    /// <summary>What the runner charges, as a share of its quote.</summary>
    public double ChargedShare { get; set; } = 1;

    public string? Unavailable { get; set; }

    public Action? OnRun { get; set; }

    public RunnerLocation Location => location;

    public string Name => location == RunnerLocation.Cloud ? "cloud" : "local";

    public CostQuote Quote(RunnerRequest request) =>
        new(latencyS + (request.Views.Count * PerViewLatencyS), usageUsd + (request.Views.Count * PerViewUsageUsd));

    public Task<RunnerResult> RunAsync(RunnerRequest request, CostQuote ceiling, CancellationToken cancellationToken)
    {
        Runs.Add(request);
        OnRun?.Invoke();
        return Failure is { } failure
            ? Task.FromException<RunnerResult>(failure)
            : Task.FromResult(new RunnerResult(Answer, ceiling.LatencyS * ChargedShare, ceiling.UsageUsd * ChargedShare, 1.5));
    }
}
