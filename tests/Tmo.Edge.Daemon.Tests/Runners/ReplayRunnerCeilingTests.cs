using Tmo.Edge.Core.Runners;
using Tmo.Edge.Daemon.Runners;
using Tmo.Edge.Policy.Actions;
using Tmo.Edge.Policy.Costs;
using Tmo.Edge.Policy.Dataset;

namespace Tmo.Edge.Daemon.Tests.Runners;

/// <summary>The runner contract: a replayed turn never costs more than the ceiling the shield planned with.</summary>
public sealed class ReplayRunnerCeilingTests
{
    [Fact]
    public async Task Under_its_own_quote_a_replayed_turn_costs_exactly_the_recording_and_under_a_lower_ceiling_it_stops_there()
    {
        var dataset = SyntheticDialogues.Generate(episodes: 4, turns: 3, modalities: 3, tasks: 2, seed: 7);
        var book = new ReplayBook(dataset, new CostTable(new ActionSpace(3), DeviceProfile.Default, CloudProfile.Default));
        var runner = new ReplayRunner(book, RunnerLocation.Cloud, speedFactor: 0, localPowerW: 15, TimeProvider.System);
        var turn = dataset.Episodes.SelectMany(e => e.Turns).First(t => t.Cloud);
        var request = new RunnerRequest("d", 1, turn.Question, turn.Task, turn.UploadedViews, [], new Dictionary<string, string>());
        var quote = runner.Quote(request);

        var exact = await runner.RunAsync(request, quote, CancellationToken.None);
        var cut = await runner.RunAsync(request, new CostQuote(quote.LatencyS / 2, quote.UsageUsd / 2), CancellationToken.None);

        Assert.Equal((quote.LatencyS, quote.UsageUsd), (exact.LatencyS, exact.UsageUsd));
        Assert.Equal(quote.LatencyS / 2, cut.LatencyS);
        Assert.Equal(quote.UsageUsd / 2, cut.UsageUsd);
        Assert.EndsWith("[stopped at the latency ceiling]", cut.Text, StringComparison.Ordinal);
        Assert.Null(cut.Score);
    }
}
