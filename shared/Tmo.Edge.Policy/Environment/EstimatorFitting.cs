namespace Tmo.Edge.Policy.Environment;

/// <summary>
/// Fits the k-NN response estimator on logged training turns only (the test split never leaks in): M4A1's training
/// split, and optionally a device's own rated turns with a weight of their own. Unrated turns are history, not points.
/// </summary>
public static class EstimatorFitting
{
    public static KnnResponseEstimator Fit(OffloadingScenario scenario, IReadOnlyList<PreparedEpisode> trainingEpisodes, int neighbours = KnnResponseEstimator.DefaultNeighbours) =>
        Fit(scenario, [new WeightedEpisodes(trainingEpisodes, 1)], neighbours);

    public static KnnResponseEstimator Fit(OffloadingScenario scenario, IReadOnlyList<WeightedEpisodes> sources, int neighbours = KnnResponseEstimator.DefaultNeighbours)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(sources);
        var featureLength = scenario.EstimatorFeatureLength;
        var turns = sources.Sum(s => s.Episodes.Sum(e => Enumerable.Range(0, e.TurnCount).Count(e.IsScored)));
        var features = new float[turns * featureLength];
        var scores = new double[turns];
        var weights = new double[turns];
        var layout = scenario.History;
        var row = 0;
        foreach (var source in sources)
        {
            foreach (var episode in source.Episodes)
            {
                for (var t = 0; t < episode.TurnCount; t++)
                {
                    if (!episode.IsScored(t))
                    {
                        continue;
                    }

                    var point = features.AsSpan(row * featureLength, featureLength);
                    layout.Write(scenario.Actions, episode.LoggedActions, episode.TaskIds, t, 0, 0, point);
                    scenario.Actions.Encode(episode.LoggedActions[t], point[layout.HistoryLength..]);
                    scores[row] = episode.RecordedScores[t];
                    weights[row] = source.Weight;
                    row++;
                }
            }
        }

        var weighted = sources.Any(s => s.Weight != 1);
        return new KnnResponseEstimator(features, scores, featureLength, neighbours, weighted ? weights : null);
    }
}

/// <summary>Episodes whose rated turns the estimator learns from, each point with <paramref name="Weight"/>.</summary>
public sealed record WeightedEpisodes(IReadOnlyList<PreparedEpisode> Episodes, double Weight);
