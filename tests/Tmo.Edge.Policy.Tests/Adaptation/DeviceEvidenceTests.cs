using Tmo.Edge.Policy.Adaptation;
using Tmo.Edge.Policy.Costs;
using Tmo.Edge.Policy.Dataset;
using Tmo.Edge.Policy.Environment;

namespace Tmo.Edge.Policy.Tests.Adaptation;

public sealed class DeviceEvidenceTests
{
    [Fact]
    public void A_weighted_point_counts_its_weight_times_an_equidistant_one()
    {
        // Two points at the query, scores 1 and 4; the second weighs 2: (1 + 2 x 4) / 3.
        var estimator = new KnnResponseEstimator([0f, 0f], [1, 4], featureLength: 1, neighbours: 2, pointWeights: [1, 2]);

        Assert.Equal(3.0, estimator.Estimate([0f]), precision: 9);
    }

    [Fact]
    public void Point_weights_must_be_positive()
    {
        Assert.Throws<ArgumentException>(() => new KnnResponseEstimator([0f, 1f], [1, 4], featureLength: 1, pointWeights: [1, 0]));
    }

    [Fact]
    public void Unrated_turns_round_trip_as_null_scores_and_teach_the_estimator_nothing()
    {
        var source = SyntheticDialogues.Generate(episodes: 3, turns: 3, modalities: 3, tasks: 2, seed: 5);
        var episodes = source.Episodes.Select(e => e with { Turns = e.Turns.Select((t, i) => t with { Scored = i == 1 }).ToArray() }).ToArray();
        var device = new DialogueDataset(episodes, 3, source.ContentSha256, "device");

        var json = System.Text.Encoding.UTF8.GetString(M4A1Writer.Serialize(device));
        var read = M4A1Loader.Parse(M4A1Writer.Serialize(device), "device.json");

        Assert.Contains("\"score\": null", json, StringComparison.Ordinal);
        Assert.Equal(episodes.SelectMany(e => e.Turns.Select(t => (t.Scored, t.Scored ? t.Score : 0))), read.Episodes.SelectMany(e => e.Turns.Select(t => (t.Scored, t.Score))));
        var scenario = OffloadingScenario.For(read, DeviceProfile.Default, CloudProfile.Synthetic(3));
        var prepared = read.Episodes.Select(scenario.Prepare).ToArray();
        var rated = EstimatorFitting.Fit(scenario, prepared);
        var ratedTurn = prepared[0];
        var query = new float[scenario.EstimatorFeatureLength];
        scenario.History.Write(scenario.Actions, ratedTurn.LoggedActions, ratedTurn.TaskIds, 1, 0, 0, query);
        scenario.Actions.Encode(ratedTurn.LoggedActions[1], query.AsSpan(scenario.History.HistoryLength));
        Assert.InRange(rated.Estimate(query), read.Episodes.Min(e => e.Turns[1].Score), read.Episodes.Max(e => e.Turns[1].Score));
        Assert.Equal(read.Episodes.Min(e => e.Turns[1].Score), rated.MinScore);
    }

    [Fact]
    public void Measured_prices_replace_the_profile_and_scale_the_counts_not_measured()
    {
        var prices = new CloudPriceObservations(modalityCount: 3, minimumCalls: 2);
        var profile = CloudProfile.Default;
        prices.Observe(3, profile.UsageUsd[3] * 3);
        prices.Observe(3, profile.UsageUsd[3] * 3);
        prices.Observe(0, profile.UsageUsd[0] * 3);

        var measured = prices.Apply(profile);

        Assert.Equal(profile.UsageUsd.Select(u => u * 3), measured.UsageUsd.Select(u => u), new ToleranceComparer(1e-12));
        Assert.Equal(profile.TimeS, measured.TimeS);
    }

    [Fact]
    public void A_drifted_world_scales_the_tasks_local_scores_up_to_the_scales_top_and_every_cloud_price()
    {
        var source = SyntheticDialogues.Generate(episodes: 20, turns: 4, modalities: 3, tasks: 2, seed: 9);
        var scenario = OffloadingScenario.For(source, DeviceProfile.Default, CloudProfile.Synthetic(3));

        var better = new DriftedWorld(source, scenario, WorldDrift.LocalBetterAt("task_00") with { CloudPriceFactor = 3 });

        var pairs = source.Episodes.SelectMany(e => e.Turns).Zip(better.Dataset.Episodes.SelectMany(e => e.Turns)).ToArray();
        Assert.All(pairs.Where(p => !p.First.Cloud && p.First.Task == "task_00"), p => Assert.Equal(Math.Min(p.First.Score * 1.5, better.ScoreCeiling), p.Second.Score, 12));
        Assert.All(pairs.Where(p => p.First.Cloud || p.First.Task != "task_00"), p => Assert.Equal(p.First.Score, p.Second.Score));
        Assert.All(pairs.Where(p => p.First.Cloud), p => Assert.Equal(p.First.UsageUsd * 3, p.Second.UsageUsd, 12));
        Assert.Equal(scenario.Costs.UsageUsd.Select(u => u * 3).Skip(1), better.Scenario.Costs.UsageUsd.Skip(1), new ToleranceComparer(1e-12));
        Assert.True(pairs.Max(p => p.Second.Score) <= better.ScoreCeiling);
    }

    [Fact]
    public void A_cloud_worse_world_scales_only_the_tasks_cloud_scores_and_leaves_prices_alone()
    {
        var source = SyntheticDialogues.Generate(episodes: 20, turns: 4, modalities: 3, tasks: 2, seed: 9);
        var scenario = OffloadingScenario.For(source, DeviceProfile.Default, CloudProfile.Synthetic(3));

        var worse = new DriftedWorld(source, scenario, WorldDrift.CloudWorseAt("task_01"));

        var pairs = source.Episodes.SelectMany(e => e.Turns).Zip(worse.Dataset.Episodes.SelectMany(e => e.Turns)).ToArray();
        Assert.Contains(pairs, p => p.First.Cloud && p.First.Task == "task_01" && p.First.Score > 0);
        Assert.All(pairs.Where(p => p.First.Cloud && p.First.Task == "task_01"), p => Assert.Equal(p.First.Score * 0.3, p.Second.Score, 12));
        Assert.All(pairs.Where(p => !p.First.Cloud || p.First.Task != "task_01"), p => Assert.Equal(p.First.Score, p.Second.Score));
        Assert.All(pairs, p => Assert.Equal(p.First.UsageUsd, p.Second.UsageUsd));
        Assert.Equal("cloud scores on 'task_01' x 0.3", worse.Drift.Description);
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
