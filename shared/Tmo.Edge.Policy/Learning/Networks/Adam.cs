using System.Numerics;
using System.Runtime.CompilerServices;

namespace Tmo.Edge.Policy.Learning.Networks;

/// <summary>
/// <c>torch.optim.Adam</c> (single-tensor path, no weight decay, no amsgrad) over the parameters of some networks,
/// with PyTorch's bias correction: p -= lr/(1-b1^t) * m / (sqrt(v)/sqrt(1-b2^t) + eps).
/// </summary>
public sealed class Adam
{
    private readonly Mlp[] networks;
    private readonly float[][] firstMoments;
    private readonly float[][] secondMoments;
    private int step;

    public Adam(IReadOnlyList<Mlp> networks, float learningRate, float epsilon, float beta1 = 0.9f, float beta2 = 0.999f)
    {
        ArgumentNullException.ThrowIfNull(networks);
        this.networks = [.. networks];
        firstMoments = new float[this.networks.Length][];
        secondMoments = new float[this.networks.Length][];
        for (var i = 0; i < this.networks.Length; i++)
        {
            firstMoments[i] = new float[this.networks[i].Parameters.Length];
            secondMoments[i] = new float[this.networks[i].Parameters.Length];
        }

        LearningRate = learningRate;
        Epsilon = epsilon;
        Beta1 = beta1;
        Beta2 = beta2;
    }

    public float LearningRate { get; }

    public float Epsilon { get; }

    public float Beta1 { get; }

    public float Beta2 { get; }

    /// <summary>Updates every network's parameters from its accumulated gradients.</summary>
    public void Step()
    {
        step++;

        // PyTorch computes the corrections as Python floats (double) and applies them to float32 tensors.
        var stepSize = (float)(LearningRate / (1.0 - Math.Pow(Beta1, step)));
        var secondCorrectionSqrt = (float)Math.Sqrt(1.0 - Math.Pow(Beta2, step));
        for (var i = 0; i < networks.Length; i++)
        {
            Update(networks[i].Parameters, networks[i].Gradients, firstMoments[i], secondMoments[i], stepSize, secondCorrectionSqrt);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Update(
        Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> first, Span<float> second, float stepSize, float secondCorrectionSqrt)
    {
        var width = Vector<float>.Count;
        var i = 0;
        for (; i + width <= parameters.Length; i += width)
        {
            var g = new Vector<float>(gradients[i..]);

            // exp_avg.lerp_(grad, 1 - beta1); exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
            var m = new Vector<float>(first[i..]);
            m += (g - m) * (1f - Beta1);
            var v = (new Vector<float>(second[i..]) * Beta2) + (g * g * (1f - Beta2));
            m.CopyTo(first[i..]);
            v.CopyTo(second[i..]);

            // param.addcdiv_(exp_avg, exp_avg_sq.sqrt() / bias_correction2_sqrt + eps, value=-step_size)
            var denominator = (Vector.SquareRoot(v) / secondCorrectionSqrt) + new Vector<float>(Epsilon);
            (new Vector<float>(parameters[i..]) - (m / denominator * stepSize)).CopyTo(parameters[i..]);
        }

        for (; i < parameters.Length; i++)
        {
            var g = gradients[i];
            first[i] += (g - first[i]) * (1f - Beta1);
            second[i] = (second[i] * Beta2) + (g * g * (1f - Beta2));
            parameters[i] -= first[i] / ((MathF.Sqrt(second[i]) / secondCorrectionSqrt) + Epsilon) * stepSize;
        }
    }
}
