using Tmo.Edge.Policy.Learning.Networks;

namespace Tmo.Edge.Policy.Tests.Learning;

public sealed class MlpTests
{
    [Fact]
    public void Mlp_gradient_matches_finite_differences_with_tanh() => AssertGradientMatchesFiniteDifferences(HiddenActivation.Tanh);

    [Fact]
    public void Mlp_gradient_matches_finite_differences_with_relu() => AssertGradientMatchesFiniteDifferences(HiddenActivation.Relu);

    [Fact]
    public void Forward_of_one_input_matches_its_row_of_a_batch()
    {
        var network = new Mlp([27, 64, 64, 9], HiddenActivation.Tanh);
        var random = new Random(3);
        NetworkInitialization.Orthogonal(network, random, NetworkInitialization.HiddenGain, 1f);
        var inputs = RandomVector(random, 4 * 27);
        var batchOutputs = network.ForwardBatch(inputs, 4).ToArray();
        var single = new float[9];

        network.Forward(inputs.AsSpan(2 * 27, 27), single);

        Assert.Equal(batchOutputs.AsSpan(2 * 9, 9).ToArray(), single);
    }

    [Fact]
    public void Parameters_follow_the_documented_layout()
    {
        var network = new Mlp([2, 3, 1], HiddenActivation.Relu);
        float[] parameters = [1, 2, 3, 4, 5, 6, 0.5f, -1, 0, 10, 20, 30, 7];
        parameters.CopyTo(network.Parameters, 0);
        var output = new float[1];

        network.Forward([1, 1], output);

        // Hidden: W=[[1,2],[3,4],[5,6]], b=[0.5,-1,0] => relu([3.5, 6, 11]); output: [10,20,30].h + 7.
        Assert.Equal((10 * 3.5f) + (20 * 6f) + (30 * 11f) + 7f, output[0]);
        Assert.Equal([1f, 2, 3, 4, 5, 6], network.Weights(0).ToArray());
        Assert.Equal([0.5f, -1, 0], network.Biases(0).ToArray());
    }

    [Fact]
    public void FromParameters_rejects_a_parameter_count_that_does_not_fit_the_shape()
    {
        var exception = Assert.Throws<ArgumentException>(
            () => Mlp.FromParameters([4, 8, 2], HiddenActivation.Tanh, new float[41]));

        Assert.Contains("58", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromParameters_restores_an_identical_network()
    {
        var network = new Mlp([4, 8, 2], HiddenActivation.Tanh);
        NetworkInitialization.PyTorchDefault(network, new Random(1));

        var restored = Mlp.FromParameters(network.LayerSizes, network.Activation, network.Parameters);

        Assert.Equal(network.Parameters, restored.Parameters);
        Assert.Equal(network.LayerSizes, restored.LayerSizes);
        Assert.NotSame(network.Parameters, restored.Parameters);
    }

    [Fact]
    public void Clone_does_not_share_parameters()
    {
        var network = new Mlp([4, 8, 2], HiddenActivation.Tanh);
        var clone = network.Clone();

        clone.Parameters[0] = 1f;

        Assert.Equal(0f, network.Parameters[0]);
    }

    [Fact]
    public void Forward_does_not_allocate()
    {
        var network = new Mlp([27, 64, 64, 9], HiddenActivation.Tanh);
        var input = new float[27];
        var output = new float[9];
        network.Forward(input, output);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            network.Forward(input, output);
        }

        // Per call nothing; the JIT tiering up the loop may allocate a few bytes once, which a per-call
        // allocation (at least 24 bytes x 10,000 calls) would dwarf.
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 1_000);
    }

    [Fact]
    public void Forward_rejects_an_input_of_the_wrong_length() =>
        Assert.Throws<ArgumentException>(() => new Mlp([4, 2], HiddenActivation.Tanh).Forward(new float[3], new float[2]));

    private static void AssertGradientMatchesFiniteDifferences(HiddenActivation activation)
    {
        // Odd widths and one above 32 exercise the vector strips and the scalar tails of the kernels.
        var network = new Mlp([5, 37, 33, 3], activation);
        var random = new Random(7);
        NetworkInitialization.PyTorchDefault(network, random);
        const int batch = 3;
        var inputs = RandomVector(random, batch * 5);
        var weights = RandomVector(random, batch * 3);

        network.ZeroGradients();
        network.ForwardBatch(inputs, batch);
        network.Backward(weights);

        const float step = 1e-3f;
        for (var k = 0; k < network.Parameters.Length; k++)
        {
            var original = network.Parameters[k];
            network.Parameters[k] = original + step;
            var plus = WeightedOutput(network, inputs, weights, batch);
            network.Parameters[k] = original - step;
            var minus = WeightedOutput(network, inputs, weights, batch);
            network.Parameters[k] = original;

            var numeric = (plus - minus) / (2 * step);
            var analytic = network.Gradients[k];
            Assert.True(
                Math.Abs(numeric - analytic) <= 2e-3 + (1e-2 * Math.Abs(numeric)),
                $"parameter {k}: analytic {analytic}, finite difference {numeric}");
        }
    }

    private static double WeightedOutput(Mlp network, float[] inputs, float[] weights, int batch)
    {
        var outputs = network.ForwardBatch(inputs, batch);
        var sum = 0.0;
        for (var i = 0; i < outputs.Length; i++)
        {
            sum += (double)weights[i] * outputs[i];
        }

        return sum;
    }

    private static float[] RandomVector(Random random, int length)
    {
        var values = new float[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }
}
