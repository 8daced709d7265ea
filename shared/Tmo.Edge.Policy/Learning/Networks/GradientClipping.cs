using System.Numerics;
using System.Runtime.CompilerServices;

namespace Tmo.Edge.Policy.Learning.Networks;

/// <summary><c>torch.nn.utils.clip_grad_norm_</c> over the gradients of several networks taken together.</summary>
public static class GradientClipping
{
    /// <summary>
    /// Scales all gradients by max_norm / (norm + 1e-6) when their global L2 norm exceeds
    /// <paramref name="maxNorm"/>; returns the norm before clipping.
    /// </summary>
    public static float ClipByGlobalNorm(IReadOnlyList<Mlp> networks, float maxNorm)
    {
        ArgumentNullException.ThrowIfNull(networks);
        var sumOfSquares = 0f;
        for (var i = 0; i < networks.Count; i++)
        {
            sumOfSquares += SumOfSquares(networks[i].Gradients);
        }

        var totalNorm = MathF.Sqrt(sumOfSquares);
        var coefficient = maxNorm / (totalNorm + 1e-6f);
        if (coefficient < 1f)
        {
            for (var i = 0; i < networks.Count; i++)
            {
                Scale(networks[i].Gradients, coefficient);
            }
        }

        return totalNorm;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float SumOfSquares(ReadOnlySpan<float> values)
    {
        var width = Vector<float>.Count;
        var accumulator = Vector<float>.Zero;
        var i = 0;
        for (; i + width <= values.Length; i += width)
        {
            var v = new Vector<float>(values[i..]);
            accumulator += v * v;
        }

        var sum = Vector.Sum(accumulator);
        for (; i < values.Length; i++)
        {
            sum += values[i] * values[i];
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Scale(Span<float> values, float factor)
    {
        var width = Vector<float>.Count;
        var i = 0;
        for (; i + width <= values.Length; i += width)
        {
            (new Vector<float>(values[i..]) * factor).CopyTo(values[i..]);
        }

        for (; i < values.Length; i++)
        {
            values[i] *= factor;
        }
    }
}
