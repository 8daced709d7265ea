using Tmo.Edge.Policy.Costs;
using Tmo.Edge.Policy.Dataset;
using Tmo.Edge.Policy.Environment;
using Tmo.Edge.Policy.Training;

namespace Tmo.Edge.Bench;

/// <summary>M4A1 (located like the product does) and a seed-1 split, shared by every measurement.</summary>
internal sealed class BenchSetup
{
    private BenchSetup(DialogueDataset dataset)
    {
        Dataset = dataset;
        Scenario = OffloadingScenario.For(dataset, DeviceProfile.Default, CloudProfile.Default);
        Workspace = new SplitWorkspace(Scenario, DatasetSplit.BySeed(dataset, 1), 1);
    }

    public DialogueDataset Dataset { get; }

    public OffloadingScenario Scenario { get; }

    public SplitWorkspace Workspace { get; }

    public static async Task<BenchSetup> LoadAsync() =>
        new(await M4A1Loader.LoadAsync(DatasetLocator.Resolve(null, AppContext.BaseDirectory)));

    public static BenchSetup Load() => LoadAsync().GetAwaiter().GetResult();
}
