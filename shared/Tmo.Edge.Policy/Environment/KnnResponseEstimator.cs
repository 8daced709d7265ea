using System.Numerics.Tensors;

namespace Tmo.Edge.Policy.Environment;

/// <summary>
/// Simulates the response score of an (observation, action) pair: inverse-distance-weighted mean
/// (weights 1 / (d + 1e-6), Euclidean) of the recorded scores of the k nearest training turns.
/// Unlike the reference's kd-tree, every point tied with the k-th nearest is included, so the estimate does not
/// depend on the order of the training data (M4A1's discrete states tie a lot). A point may carry a weight that
/// multiplies its inverse distance (a device's own rated turns count more than M4A1's); the neighbours are still the
/// nearest by distance alone.
/// </summary>
public sealed class KnnResponseEstimator
{
    public const int DefaultNeighbours = 5;
    private const double DistanceEpsilon = 1e-6;

    private readonly float[] _features;
    private readonly double[] _scores;
    private readonly float[] _distances;
    private readonly double[]? _pointWeights;

    /// <param name="pointWeights">Each point's weight (positive); null weighs every point 1.</param>
    public KnnResponseEstimator(float[] features, double[] scores, int featureLength, int neighbours = DefaultNeighbours, double[]? pointWeights = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(featureLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(neighbours);
        if (scores.Length == 0 || features.Length != scores.Length * featureLength)
        {
            throw new ArgumentException($"Expected {scores.Length} x {featureLength} features, got {features.Length}.", nameof(features));
        }

        if (pointWeights is not null && (pointWeights.Length != scores.Length || pointWeights.Any(w => !(w > 0) || !double.IsFinite(w))))
        {
            throw new ArgumentException($"Expected {scores.Length} positive, finite point weights.", nameof(pointWeights));
        }

        _pointWeights = pointWeights;
        _features = features;
        _scores = scores;
        FeatureLength = featureLength;
        Neighbours = Math.Min(neighbours, scores.Length);
        _distances = new float[scores.Length];
        MinScore = scores.Min();
        MaxScore = scores.Max();
    }

    public int FeatureLength { get; }

    public int Neighbours { get; }

    /// <summary>The lowest recorded score: no estimate (a weighted mean of recorded scores) falls below it.</summary>
    public double MinScore { get; }

    /// <summary>The highest recorded score: no estimate exceeds it.</summary>
    public double MaxScore { get; }

    /// <summary>Estimates the score for <paramref name="query"/> (state features ++ action encoding). Not thread-safe.</summary>
    public double Estimate(ReadOnlySpan<float> query)
    {
        if (query.Length != FeatureLength)
        {
            throw new ArgumentException($"Query has {query.Length} features, the estimator {FeatureLength}.", nameof(query));
        }

        // Sums of squares of M4A1's small integer-valued features are exact in float, so equal distances
        // compare equal and ties are detected exactly.
        for (var i = 0; i < _scores.Length; i++)
        {
            _distances[i] = TensorPrimitives.Distance(_features.AsSpan(i * FeatureLength, FeatureLength), query);
        }

        var kth = KthSmallest(_distances, Neighbours);
        double weighted = 0;
        double weights = 0;
        for (var i = 0; i < _scores.Length; i++)
        {
            if (_distances[i] <= kth)
            {
                var weight = (_pointWeights?[i] ?? 1) / (_distances[i] + DistanceEpsilon);
                weighted += weight * _scores[i];
                weights += weight;
            }
        }

        return weighted / weights;
    }

    /// <summary>The k-th smallest value (1-based k) by insertion into a k-long sorted buffer.</summary>
    private static float KthSmallest(ReadOnlySpan<float> values, int k)
    {
        Span<float> smallest = stackalloc float[k];
        smallest.Fill(float.PositiveInfinity);
        foreach (var v in values)
        {
            if (v >= smallest[k - 1])
            {
                continue;
            }

            var j = k - 1;
            while (j > 0 && smallest[j - 1] > v)
            {
                smallest[j] = smallest[j - 1];
                j--;
            }

            smallest[j] = v;
        }

        return smallest[k - 1];
    }
}
