using Tmo.Edge.Policy.Learning.Networks;

namespace Tmo.Edge.Policy.Tests.Learning;

public sealed class NetworkInitializationTests
{
    [Fact]
    public void Orthogonal_init_gives_orthonormal_rows_or_columns_scaled_by_the_gain()
    {
        // Layer 0 is tall [64 x 27] (orthonormal columns), layer 1 square, layer 2 wide [9 x 64] (orthonormal rows).
        var network = new Mlp([27, 64, 64, 9], HiddenActivation.Tanh);
        var hiddenGain = NetworkInitialization.HiddenGain;

        NetworkInitialization.Orthogonal(network, new Random(11), hiddenGain, 0.01f);

        AssertScaledOrthonormal(network.Weights(0), 64, 27, hiddenGain);
        AssertScaledOrthonormal(network.Weights(1), 64, 64, hiddenGain);
        AssertScaledOrthonormal(network.Weights(2), 9, 64, 0.01f);
        for (var layer = 0; layer < network.LayerCount; layer++)
        {
            Assert.All(network.Biases(layer).ToArray(), b => Assert.Equal(0f, b));
        }
    }

    [Fact]
    public void PyTorch_default_init_draws_weights_and_biases_within_one_over_root_fan_in()
    {
        var network = new Mlp([27, 64, 9], HiddenActivation.Relu);

        NetworkInitialization.PyTorchDefault(network, new Random(5));

        AssertUniformWithin(network.Weights(0).ToArray(), 1 / Math.Sqrt(27));
        AssertUniformWithin(network.Biases(0).ToArray(), 1 / Math.Sqrt(27));
        AssertUniformWithin(network.Weights(1).ToArray(), 1 / Math.Sqrt(64));
    }

    [Fact]
    public void Initialisation_depends_only_on_the_seed()
    {
        var first = new Mlp([6, 8, 3], HiddenActivation.Tanh);
        var second = new Mlp([6, 8, 3], HiddenActivation.Tanh);
        var third = new Mlp([6, 8, 3], HiddenActivation.Tanh);

        NetworkInitialization.Orthogonal(first, new Random(1), 1f, 1f);
        NetworkInitialization.Orthogonal(second, new Random(1), 1f, 1f);
        NetworkInitialization.Orthogonal(third, new Random(2), 1f, 1f);

        Assert.Equal(first.Parameters, second.Parameters);
        Assert.NotEqual(first.Parameters, third.Parameters);
    }

    /// <summary>W W^T = gain^2 I when W is wide, W^T W = gain^2 I when it is tall.</summary>
    private static void AssertScaledOrthonormal(ReadOnlySpan<float> weights, int rows, int columns, float gain)
    {
        var wide = rows <= columns;
        var size = wide ? rows : columns;
        var length = wide ? columns : rows;
        for (var a = 0; a < size; a++)
        {
            for (var b = 0; b < size; b++)
            {
                var dot = 0.0;
                for (var k = 0; k < length; k++)
                {
                    dot += wide
                        ? (double)weights[(a * columns) + k] * weights[(b * columns) + k]
                        : (double)weights[(k * columns) + a] * weights[(k * columns) + b];
                }

                var expected = a == b ? gain * gain : 0.0;
                Assert.True(Math.Abs(dot - expected) < 1e-5 * gain * gain, $"({a},{b}): {dot} instead of {expected}");
            }
        }
    }

    private static void AssertUniformWithin(float[] values, double bound)
    {
        Assert.All(values, v => Assert.InRange(v, -bound, bound));

        // Uniform draws reach close to both ends of the interval and are not all equal.
        Assert.True(values.Max() > 0.8 * bound);
        Assert.True(values.Min() < -0.8 * bound);
    }
}
