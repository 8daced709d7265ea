using Tmo.Edge.Policy.Dataset;

namespace Tmo.Edge.Policy.Tests.Dataset;

[Collection(M4A1Collection.Name)]
public sealed class DatasetSplitTests(M4A1Fixture m4a1)
{
    [Fact]
    public void Seeded_split_is_80_20_disjoint_and_reproducible()
    {
        var a = DatasetSplit.BySeed(m4a1.Dataset, seed: 1);
        var b = DatasetSplit.BySeed(m4a1.Dataset, seed: 1);
        var c = DatasetSplit.BySeed(m4a1.Dataset, seed: 2);

        Assert.Equal(80, a.Train.Count);
        Assert.Equal(20, a.Test.Count);
        Assert.Empty(a.Train.Select(e => e.Id).Intersect(a.Test.Select(e => e.Id)));
        Assert.Equal(a.Test.Select(e => e.Id), b.Test.Select(e => e.Id));
        Assert.NotEqual(a.Test.Select(e => e.Id), c.Test.Select(e => e.Id));
    }

    [Fact]
    public async Task Explicit_test_ids_file_selects_exactly_those_episodes()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllLinesAsync(file, ["# held out", "3", "", "17", "42"]);
        try
        {
            var ids = await DatasetSplit.ReadTestIdsAsync(file);
            var split = DatasetSplit.ByTestIds(m4a1.Dataset, ids);
            Assert.Equal([3, 17, 42], split.Test.Select(e => e.Id).Order());
            Assert.Equal(97, split.Train.Count);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Unknown_test_ids_are_rejected_by_name()
    {
        var error = Assert.Throws<ArgumentException>(() => DatasetSplit.ByTestIds(m4a1.Dataset, [3, 999]));
        Assert.Contains("999", error.Message, StringComparison.Ordinal);
    }
}
