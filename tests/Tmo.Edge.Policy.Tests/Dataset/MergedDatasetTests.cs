using Tmo.Edge.Policy.Costs;
using Tmo.Edge.Policy.Dataset;
using Tmo.Edge.Policy.Environment;
using Tmo.Edge.Policy.Training;

namespace Tmo.Edge.Policy.Tests.Dataset;

public sealed class MergedDatasetTests
{
    private static readonly DialogueDataset Reference = SyntheticDialogues.Generate(episodes: 20, turns: 3, modalities: 3, tasks: 2, seed: 1);
    private static readonly DialogueDataset Device = SyntheticDialogues.Generate(episodes: 6, turns: 3, modalities: 3, tasks: 3, seed: 2);

    [Fact]
    public void One_set_of_weight_one_is_that_set_unchanged()
    {
        var merged = MergedDataset.Merge([new WeightedDataset("M4A1", Reference, 1)]);

        Assert.Same(Reference, merged.Dataset);
        Assert.Null(merged.EpisodeWeights);
    }

    [Fact]
    public void A_later_set_whose_ids_are_taken_is_numbered_on_and_keeps_its_weight()
    {
        var merged = MergedDataset.Merge([new WeightedDataset("M4A1", Reference, 1), new WeightedDataset("device", Device, 10)]);

        Assert.Equal(Enumerable.Range(0, 26), merged.Dataset.Episodes.Select(e => e.Id));
        Assert.Equal(Device.Episodes.Select(e => e.Turns), merged.Dataset.Episodes.Skip(20).Select(e => e.Turns));
        Assert.Equal(Enumerable.Repeat(1.0, 20).Concat(Enumerable.Repeat(10.0, 6)), merged.Dataset.Episodes.Select(e => merged.EpisodeWeights![e.Id]));
        Assert.Equal(3, merged.Dataset.Tasks.Count);
        Assert.Contains("(weight 10)", merged.Dataset.Source, StringComparison.Ordinal);
        Assert.NotEqual(Reference.ContentSha256, merged.Dataset.ContentSha256);
    }

    [Fact]
    public void Sets_of_different_view_counts_do_not_merge()
    {
        var twoViews = SyntheticDialogues.Generate(episodes: 2, turns: 2, modalities: 2, tasks: 2, seed: 3);

        var error = Assert.Throws<ArgumentException>(() => MergedDataset.Merge([new WeightedDataset("M4A1", Reference, 1), new WeightedDataset("device", twoViews, 1)]));
        Assert.Contains("X = 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_workspace_estimator_weighs_each_training_episode_by_its_set()
    {
        var merged = MergedDataset.Merge([new WeightedDataset("M4A1", Reference, 1), new WeightedDataset("device", Device, 10)]);
        var scenario = OffloadingScenario.For(merged.Dataset, DeviceProfile.Default, CloudProfile.Synthetic(3));
        var split = DatasetSplit.BySeed(merged.Dataset, 1);
        var weighted = new SplitWorkspace(scenario, split, 1, merged.EpisodeWeights);
        var plain = new SplitWorkspace(scenario, split, 1);
        var expected = EstimatorFitting.Fit(scenario, [
            new WeightedEpisodes(weighted.Train.Where(e => e.Id < 20).ToArray(), 1),
            new WeightedEpisodes(weighted.Train.Where(e => e.Id >= 20).ToArray(), 10)]);

        var queries = Queries(scenario, weighted.Test);
        var estimator = weighted.FitEstimator();
        var estimates = queries.Select(q => estimator.Estimate(q)).ToArray();

        // The same points with the same weights; only the order of the sums may differ.
        Assert.All(queries.Zip(estimates), p => Assert.Equal(expected.Estimate(p.First), p.Second, precision: 12));
        var unweighted = plain.FitEstimator();
        Assert.NotEqual(queries.Select(q => unweighted.Estimate(q)), estimates);
        var reseeded = weighted.WithSeed(2).FitEstimator();
        Assert.Equal(estimates, queries.Select(q => reseeded.Estimate(q)));
    }

    /// <summary>Every action in every turn of <paramref name="episodes"/> after their logged history.</summary>
    private static float[][] Queries(OffloadingScenario scenario, IReadOnlyList<PreparedEpisode> episodes) =>
        episodes.SelectMany(e => Enumerable.Range(0, e.TurnCount).SelectMany(t => Enumerable.Range(0, scenario.Actions.Count).Select(a =>
        {
            var query = new float[scenario.EstimatorFeatureLength];
            scenario.History.Write(scenario.Actions, e.LoggedActions, e.TaskIds, t, 0, 0, query);
            scenario.Actions.Encode(a, query.AsSpan(scenario.History.HistoryLength));
            return query;
        }))).ToArray();
}
