using Tmo.Edge.Policy.Environment;

namespace Tmo.Edge.Policy.Tests.Environment;

public sealed class KnnResponseEstimatorTests
{
    // Three training points on a line: x = 0, 1, 3 with scores 1, 2, 4.
    private static KnnResponseEstimator Line(int k) => new([0f, 1f, 3f], [1, 2, 4], featureLength: 1, neighbours: k);

    [Fact]
    public void Estimate_is_the_inverse_distance_weighted_mean_of_the_k_nearest()
    {
        var w0 = 1 / (0 + 1e-6);
        var w1 = 1 / (1 + 1e-6);
        var w3 = 1 / (3 + 1e-6);
        var expected = ((w0 * 1) + (w1 * 2) + (w3 * 4)) / (w0 + w1 + w3);

        Assert.Equal(expected, Line(k: 3).Estimate([0f]), precision: 12);
    }

    [Fact]
    public void Only_the_k_nearest_points_contribute()
    {
        // Query 0.5: the two nearest (0 and 1) are equidistant, so their plain mean.
        Assert.Equal(1.5, Line(k: 2).Estimate([0.5f]), precision: 12);
    }

    [Fact]
    public void Points_tied_with_the_kth_nearest_are_all_included()
    {
        // Query 2: points 1 and 3 are both at distance 1; k = 1 still takes both, whatever their order.
        Assert.Equal(3.0, Line(k: 1).Estimate([2f]), precision: 12);
        var reordered = new KnnResponseEstimator([3f, 1f, 0f], [4, 2, 1], featureLength: 1, neighbours: 1);
        Assert.Equal(3.0, reordered.Estimate([2f]), precision: 12);
    }

    [Fact]
    public void Query_of_the_wrong_width_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => Line(k: 1).Estimate([1f, 2f]));
    }
}
