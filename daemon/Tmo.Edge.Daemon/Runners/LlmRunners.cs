using Tmo.Edge.Core.Runners;
using Tmo.Edge.Daemon.Hosting;
using Tmo.Edge.Daemon.LiveCosts;

namespace Tmo.Edge.Daemon.Runners;

/// <summary>The runners that answer the local and the cloud actions, with the device's live state and costs around them.</summary>
public sealed record LlmRunners(ILlmRunner Local, ILlmRunner Cloud)
{
    public static LlmRunners Create(LlmRunnerFactory factory, LiveCostRunners liveCosts, DaemonRuntime runtime, double replaySpeed)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(liveCosts);
        ArgumentNullException.ThrowIfNull(runtime);
        var costs = runtime.StartPolicy.Costs;
        // A replayed turn quotes its exact recorded cost: a live estimate would only blur it.
        var (local, cloud) = factory.Create(
            new ReplayBook(runtime.Dataset, costs), costs, replaySpeed, backend => liveCosts.Local(backend, exactQuotes: backend is ReplayRunner));
        return new LlmRunners(local, liveCosts.Cloud(cloud, exactQuotes: cloud is ReplayRunner));
    }
}
