using System.Numerics;
using System.Runtime.CompilerServices;

namespace Tmo.Edge.Policy.Learning.Networks;

/// <summary>
/// Vectorised hidden-layer activations and their derivatives. Tanh follows Cephes tanhf (the odd polynomial below
/// 0.625, 1 - 2/(exp(2|x|) + 1) above, with Cephes expf), about 2 ulp from the true value like PyTorch's.
/// Written out here rather than taken from TensorPrimitives so the hot path is compiled fully optimised on
/// first use instead of spending the first thousands of steps in tier-0 code.
/// </summary>
internal static class Activations
{
    private static int Width => Vector<float>.Count;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tanh(Span<float> values)
    {
        var i = 0;
        for (; i + Width <= values.Length; i += Width)
        {
            Tanh(new Vector<float>(values[i..])).CopyTo(values[i..]);
        }

        if (i < values.Length)
        {
            Span<float> tail = stackalloc float[Width];
            values[i..].CopyTo(tail);
            Tanh(new Vector<float>(tail)).CopyTo(tail);
            tail[..(values.Length - i)].CopyTo(values[i..]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Relu(Span<float> values)
    {
        var i = 0;
        for (; i + Width <= values.Length; i += Width)
        {
            Vector.Max(new Vector<float>(values[i..]), Vector<float>.Zero).CopyTo(values[i..]);
        }

        for (; i < values.Length; i++)
        {
            values[i] = MathF.Max(values[i], 0f);
        }
    }

    /// <summary>deltas *= 1 - activated^2: tanh's derivative written with its output.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TanhDerivative(ReadOnlySpan<float> activated, Span<float> deltas)
    {
        var i = 0;
        for (; i + Width <= deltas.Length; i += Width)
        {
            var y = new Vector<float>(activated[i..]);
            (new Vector<float>(deltas[i..]) * (Vector<float>.One - (y * y))).CopyTo(deltas[i..]);
        }

        for (; i < deltas.Length; i++)
        {
            deltas[i] *= 1f - (activated[i] * activated[i]);
        }
    }

    /// <summary>deltas = 0 where the ReLU output is 0 (PyTorch's threshold_backward).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ReluDerivative(ReadOnlySpan<float> activated, Span<float> deltas)
    {
        var i = 0;
        for (; i + Width <= deltas.Length; i += Width)
        {
            var active = Vector.GreaterThan(new Vector<float>(activated[i..]), Vector<float>.Zero);
            Vector.ConditionalSelect(active, new Vector<float>(deltas[i..]), Vector<float>.Zero).CopyTo(deltas[i..]);
        }

        for (; i < deltas.Length; i++)
        {
            if (activated[i] <= 0f)
            {
                deltas[i] = 0f;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> Tanh(Vector<float> x)
    {
        var magnitude = Vector.Abs(x);

        // Small inputs: x + x^3 P(x^2).
        var z = x * x;
        var polynomial = (new Vector<float>(-5.70498872745e-3f) * z) + new Vector<float>(2.06390887954e-2f);
        polynomial = (polynomial * z) - new Vector<float>(5.37397155531e-2f);
        polynomial = (polynomial * z) + new Vector<float>(1.33314422036e-1f);
        polynomial = (polynomial * z) - new Vector<float>(3.33332819422e-1f);
        var small = (polynomial * z * x) + x;

        // Large inputs: 1 - 2 / (exp(2|x|) + 1), with |x| capped where tanh already rounds to 1.
        var e = Exp(Vector.Min(magnitude, new Vector<float>(10f)) * new Vector<float>(2f));
        var large = Vector<float>.One - (new Vector<float>(2f) / (e + Vector<float>.One));
        large = Vector.ConditionalSelect(Vector.LessThan(x, Vector<float>.Zero), -large, large);

        return Vector.ConditionalSelect(Vector.GreaterThan(magnitude, new Vector<float>(0.625f)), large, small);
    }

    /// <summary>Cephes expf for 0 &lt;= x &lt;= 20: exp(r) by polynomial times 2^n, where x = n ln 2 + r.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> Exp(Vector<float> x)
    {
        var n = Vector.Floor((x * new Vector<float>(1.44269504088896341f)) + new Vector<float>(0.5f));
        var r = x - (n * new Vector<float>(0.693359375f)) + (n * new Vector<float>(2.12194440e-4f));
        var r2 = r * r;
        var p = (new Vector<float>(1.9875691500e-4f) * r) + new Vector<float>(1.3981999507e-3f);
        p = (p * r) + new Vector<float>(8.3334519073e-3f);
        p = (p * r) + new Vector<float>(4.1665795894e-2f);
        p = (p * r) + new Vector<float>(1.6666665459e-1f);
        p = (p * r) + new Vector<float>(5.0000001201e-1f);
        var expR = (p * r2) + r + Vector<float>.One;
        var twoToN = Vector.AsVectorSingle(Vector.ShiftLeft(Vector.ConvertToInt32(n) + new Vector<int>(127), 23));
        return expR * twoToN;
    }
}
