using Tmo.Edge.Policy.Learning.Networks;

namespace Tmo.Edge.Policy.Tests.Learning;

public sealed class ActivationsTests
{
    [Fact]
    public void Tanh_is_within_a_few_ulp_of_the_exact_value_across_its_range()
    {
        // 2001 points from -12 to 12: both polynomial and exponential branches, saturation and a scalar tail.
        var values = new float[2001];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = -12f + (i * 0.012f);
        }

        var expected = values.Select(v => Math.Tanh(v)).ToArray();

        Activations.Tanh(values);

        for (var i = 0; i < values.Length; i++)
        {
            var magnitude = (float)Math.Abs(expected[i]);
            var ulp = MathF.BitIncrement(magnitude) - magnitude;
            Assert.True(Math.Abs(values[i] - expected[i]) <= 4 * ulp, $"tanh at index {i}: {values[i]} instead of {expected[i]}");
        }
    }

    [Fact]
    public void Tanh_is_odd_and_saturates_without_overflow()
    {
        float[] values = [0f, -0f, 1e-30f, -3f, 3f, 100f, -100f, float.MaxValue];

        Activations.Tanh(values);

        Assert.Equal([0f, 0f, 1e-30f, -MathF.Tanh(3f), MathF.Tanh(3f), 1f, -1f, 1f], values, (a, b) => Math.Abs(a - b) < 1e-7f);
    }

    [Fact]
    public void Relu_zeroes_negative_values()
    {
        float[] values = [-2f, -0.5f, 0f, 0.5f, 2f, -1f, 3f, -4f, 5f];

        Activations.Relu(values);

        Assert.Equal([0f, 0f, 0f, 0.5f, 2f, 0f, 3f, 0f, 5f], values);
    }
}
