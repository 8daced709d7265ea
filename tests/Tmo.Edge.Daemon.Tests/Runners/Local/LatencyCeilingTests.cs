using Tmo.Edge.Core.Runners;

namespace Tmo.Edge.Daemon.Tests.Runners.Local;

/// <summary>
/// Wall-clock limits, measured with no other test of this run beside them (the collection runs alone), so the test
/// process's own parallel load does not decide the result.
/// </summary>
[Collection(nameof(LatencyCeilingTests))]
[CollectionDefinition(nameof(LatencyCeilingTests), DisableParallelization = true)]
public sealed class LatencyCeilingTests
{
    private const double SchedulingSlackS = 0.1;

    [Fact]
    public async Task Generation_stops_at_the_latency_ceiling()
    {
        await using var runner = await LocalLlmRunnerTests.StartAsync(LocalLlmRunnerTests.Options(TinyModelFiles.Good, maxTokens: 4000));
        await LocalLlmRunnerTests.WaitUntilAvailableAsync(runner);

        var result = await runner.RunAsync(LocalLlmRunnerTests.Request(), new CostQuote(0.4, 0), CancellationToken.None);

        var stats = Assert.IsType<GenerationStats>(result.Generation);
        Assert.InRange(stats.TokensOut, 1, 3999);
        // The child stops between two tokens at its deadline, which keeps one token and the pipe's margin back from the
        // ceiling; 4000 tokens would take seconds. The slack is for a 2-core CI machine shared with parallel builds.
        Assert.InRange(result.LatencyS, 0.25, 0.4 + SchedulingSlackS);
    }
}
