using System.Numerics;
using System.Runtime.CompilerServices;

namespace Tmo.Edge.Policy.Learning.Networks;

/// <summary>
/// <c>torch.optim.RMSprop</c> without momentum, centering or weight decay, over the parameters of some networks:
/// v = alpha*v + (1-alpha)*g^2; p -= lr * g / (sqrt(v) + eps).
/// </summary>
public sealed class RmsProp
{
    private readonly Mlp[] networks;
    private readonly float[][] squareAverages;

    public RmsProp(IReadOnlyList<Mlp> networks, float learningRate, float alpha, float epsilon)
    {
        ArgumentNullException.ThrowIfNull(networks);
        this.networks = [.. networks];
        squareAverages = new float[this.networks.Length][];
        for (var i = 0; i < this.networks.Length; i++)
        {
            squareAverages[i] = new float[this.networks[i].Parameters.Length];
        }

        LearningRate = learningRate;
        Alpha = alpha;
        Epsilon = epsilon;
    }

    public float LearningRate { get; }

    public float Alpha { get; }

    public float Epsilon { get; }

    /// <summary>Updates every network's parameters from its accumulated gradients.</summary>
    public void Step()
    {
        for (var i = 0; i < networks.Length; i++)
        {
            Update(networks[i].Parameters, networks[i].Gradients, squareAverages[i]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Update(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> squareAverage)
    {
        var width = Vector<float>.Count;
        var i = 0;
        for (; i + width <= parameters.Length; i += width)
        {
            var g = new Vector<float>(gradients[i..]);

            // square_avg.mul_(alpha).addcmul_(grad, grad, value=1 - alpha)
            var v = (new Vector<float>(squareAverage[i..]) * Alpha) + (g * g * (1f - Alpha));
            v.CopyTo(squareAverage[i..]);

            // param.addcdiv_(grad, square_avg.sqrt().add_(eps), value=-lr)
            var p = new Vector<float>(parameters[i..]) - (g / (Vector.SquareRoot(v) + new Vector<float>(Epsilon)) * LearningRate);
            p.CopyTo(parameters[i..]);
        }

        for (; i < parameters.Length; i++)
        {
            var g = gradients[i];
            squareAverage[i] = (squareAverage[i] * Alpha) + (g * g * (1f - Alpha));
            parameters[i] -= g / (MathF.Sqrt(squareAverage[i]) + Epsilon) * LearningRate;
        }
    }
}
