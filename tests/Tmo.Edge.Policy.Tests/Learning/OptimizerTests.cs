using Tmo.Edge.Policy.Learning.Networks;

namespace Tmo.Edge.Policy.Tests.Learning;

public sealed class OptimizerTests
{
    // A [1 -> 1] network has exactly two parameters, w and b: a convenient pair of scalars to optimise.
    private static Mlp Scalars(float w, float b) => Mlp.FromParameters([1, 1], HiddenActivation.Tanh, [w, b]);

    [Fact]
    public void RmsProp_matches_two_hand_computed_torch_steps()
    {
        var network = Scalars(1f, -2f);
        var optimizer = new RmsProp([network], learningRate: 0.01f, alpha: 0.99f, epsilon: 1e-5f);

        // v = 0.01 * 0.5^2 = 0.0025; w = 1 - 0.01 * 0.5 / (0.05 + 1e-5)
        // v = 0.01 * 1^2 = 0.01;     b = -2 + 0.01 * 1 / (0.1 + 1e-5)
        SetGradients(network, 0.5f, -1f);
        optimizer.Step();
        Assert.Equal(0.900019996, network.Parameters[0], 6);
        Assert.Equal(-1.900009999, network.Parameters[1], 6);

        // v = 0.99 * 0.0025 + 0.01 * 0.25^2 = 0.0031; w -= 0.01 * 0.25 / (sqrt(0.0031) + 1e-5)
        SetGradients(network, 0.25f, 2f);
        optimizer.Step();
        Assert.Equal(0.855126734, network.Parameters[0], 6);
        Assert.Equal(-1.989538287, network.Parameters[1], 6);
    }

    [Fact]
    public void Adam_matches_two_hand_computed_torch_steps()
    {
        var network = Scalars(1f, -2f);
        var optimizer = new Adam([network], learningRate: 0.1f, epsilon: 1e-8f);

        // Bias correction makes the first step lr * g / (|g| + eps), i.e. 0.1 against the gradient's sign.
        SetGradients(network, 0.5f, -1f);
        optimizer.Step();
        Assert.Equal(0.9, network.Parameters[0], 6);
        Assert.Equal(-1.9, network.Parameters[1], 6);

        // m = 0.9 * 0.05 + 0.1 * 0.25 = 0.07; v = 0.999 * 0.00025 + 0.001 * 0.0625;
        // w -= 0.1 / (1 - 0.9^2) * m / (sqrt(v) / sqrt(1 - 0.999^2) + 1e-8)
        SetGradients(network, 0.25f, 2f);
        optimizer.Step();
        Assert.Equal(0.806782040, network.Parameters[0], 6);
        Assert.Equal(-1.936610353, network.Parameters[1], 6);
    }

    [Fact]
    public void Clipping_scales_gradients_of_all_networks_to_the_maximum_global_norm()
    {
        var first = Scalars(0f, 0f);
        var second = Scalars(0f, 0f);
        SetGradients(first, 3f, 0f);
        SetGradients(second, 0f, 4f);

        var norm = GradientClipping.ClipByGlobalNorm([first, second], 0.5f);

        Assert.Equal(5f, norm);
        var scale = 0.5f / (5f + 1e-6f);
        Assert.Equal([3f * scale, 0f], first.Gradients);
        Assert.Equal([0f, 4f * scale], second.Gradients);
    }

    [Fact]
    public void Clipping_leaves_gradients_within_the_maximum_norm_unchanged()
    {
        var network = Scalars(0f, 0f);
        SetGradients(network, 0.3f, 0.3f);

        GradientClipping.ClipByGlobalNorm([network], 0.5f);

        Assert.Equal([0.3f, 0.3f], network.Gradients);
    }

    private static void SetGradients(Mlp network, float w, float b)
    {
        network.Gradients[0] = w;
        network.Gradients[1] = b;
    }
}
