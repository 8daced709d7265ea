namespace Tmo.Edge.Policy.Environment;

/// <summary>Fits the k-NN response estimator on logged training turns only (the test split never leaks in).</summary>
public static class EstimatorFitting
{
    public static KnnResponseEstimator Fit(OffloadingScenario scenario, IReadOnlyList<PreparedEpisode> trainingEpisodes, int neighbours = KnnResponseEstimator.DefaultNeighbours)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(trainingEpisodes);
        var featureLength = scenario.EstimatorFeatureLength;
        var turns = trainingEpisodes.Sum(e => e.TurnCount);
        var features = new float[turns * featureLength];
        var scores = new double[turns];
        var layout = scenario.History;
        var row = 0;
        foreach (var episode in trainingEpisodes)
        {
            for (var t = 0; t < episode.TurnCount; t++, row++)
            {
                var point = features.AsSpan(row * featureLength, featureLength);
                layout.Write(scenario.Actions, episode.LoggedActions, episode.TaskIds, t, 0, 0, point);
                scenario.Actions.Encode(episode.LoggedActions[t], point[layout.HistoryLength..]);
                scores[row] = episode.RecordedScores[t];
            }
        }

        return new KnnResponseEstimator(features, scores, featureLength, neighbours);
    }
}
