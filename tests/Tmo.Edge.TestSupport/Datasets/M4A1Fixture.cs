using Tmo.Edge.Policy.Dataset;

namespace Tmo.Edge.TestSupport.Datasets;

/// <summary>The real M4A1 file, located like the product does (TMO_M4A1, else ../shared beside the repo).</summary>
/// <remarks>xunit finds collection definitions only in the test assembly, so each project that shares the fixture declares its own M4A1Collection.</remarks>
public sealed class M4A1Fixture
{
    public M4A1Fixture()
    {
        Path = DatasetLocator.Resolve(null, AppContext.BaseDirectory);
        Dataset = M4A1Loader.LoadAsync(Path).GetAwaiter().GetResult();
    }

    public string Path { get; }

    public DialogueDataset Dataset { get; }

    public DialogueEpisode Episode(int id) => Dataset.Episodes.Single(e => e.Id == id);
}
