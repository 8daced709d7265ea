using Tmo.Edge.Core.Runners;

namespace Tmo.Edge.Daemon.Tests.Runners.Cloud;

/// <summary>A local runner stand-in for the cloud runner's fallback: answers with fixed text, or is unavailable.</summary>
internal sealed class StubRunner(string text, string? unavailable = null) : ILlmRunner
{
    public List<(RunnerRequest Request, CostQuote Ceiling)> Calls { get; } = [];

    public RunnerLocation Location => RunnerLocation.Local;

    public string Name => "stub-local";

    public string? Unavailable => unavailable;

    public CostQuote Quote(RunnerRequest request) => new(1, 0);

    public Task<RunnerResult> RunAsync(RunnerRequest request, CostQuote ceiling, CancellationToken cancellationToken)
    {
        Calls.Add((request, ceiling));
        return Task.FromResult(new RunnerResult(text, 0.01, 0, 0));
    }
}
