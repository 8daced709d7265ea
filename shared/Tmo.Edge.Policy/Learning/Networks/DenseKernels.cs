using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Tmo.Edge.Policy.Learning.Networks;

/// <summary>
/// Batched dense-layer kernels over row-major [out x in] weights. Layers here are small (tens of units), where a
/// call per dot product costs more than the arithmetic, so the loops block over rows or samples and keep partial
/// sums in SIMD registers. Loads go through refs; every loop bound keeps them inside the spans.
/// MultiplyAddEstimate fuses where the CPU has FMA, so results are bit-reproducible on one machine, not across ISAs.
/// </summary>
internal static class DenseKernels
{
    private static int Width => Vector<float>.Count;

    /// <summary>outputs[s, o] = biases[o] + sum_i weights[o, i] * inputs[s, i].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Affine(
        ReadOnlySpan<float> weights, ReadOnlySpan<float> biases, ReadOnlySpan<float> inputs, Span<float> outputs, int inSize, int outSize, int count)
    {
        ref var w = ref MemoryMarshal.GetReference(weights);
        var vectorEnd = inSize - (inSize % Width);
        for (var s = 0; s < count; s++)
        {
            ref var x = ref MemoryMarshal.GetReference(inputs.Slice(s * inSize, inSize));
            var y = outputs.Slice(s * outSize, outSize);
            var row = 0;
            for (; row + 4 <= outSize; row += 4)
            {
                // Four rows share each load of the input.
                ref var w0 = ref Unsafe.Add(ref w, row * inSize);
                ref var w1 = ref Unsafe.Add(ref w0, inSize);
                ref var w2 = ref Unsafe.Add(ref w1, inSize);
                ref var w3 = ref Unsafe.Add(ref w2, inSize);
                Vector<float> a0 = default, a1 = default, a2 = default, a3 = default;
                var i = 0;
                for (; i < vectorEnd; i += Width)
                {
                    var xv = Vector.LoadUnsafe(ref x, (nuint)i);
                    a0 = Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref w0, (nuint)i), xv, a0);
                    a1 = Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref w1, (nuint)i), xv, a1);
                    a2 = Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref w2, (nuint)i), xv, a2);
                    a3 = Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref w3, (nuint)i), xv, a3);
                }

                float s0 = Vector.Sum(a0), s1 = Vector.Sum(a1), s2 = Vector.Sum(a2), s3 = Vector.Sum(a3);
                for (; i < inSize; i++)
                {
                    var xi = Unsafe.Add(ref x, i);
                    s0 += Unsafe.Add(ref w0, i) * xi;
                    s1 += Unsafe.Add(ref w1, i) * xi;
                    s2 += Unsafe.Add(ref w2, i) * xi;
                    s3 += Unsafe.Add(ref w3, i) * xi;
                }

                y[row] = s0 + biases[row];
                y[row + 1] = s1 + biases[row + 1];
                y[row + 2] = s2 + biases[row + 2];
                y[row + 3] = s3 + biases[row + 3];
            }

            for (; row < outSize; row++)
            {
                ref var wRow = ref Unsafe.Add(ref w, row * inSize);
                var accumulator = Vector<float>.Zero;
                var i = 0;
                for (; i < vectorEnd; i += Width)
                {
                    accumulator = Vector.MultiplyAddEstimate(Vector.LoadUnsafe(ref wRow, (nuint)i), Vector.LoadUnsafe(ref x, (nuint)i), accumulator);
                }

                var sum = Vector.Sum(accumulator);
                for (; i < inSize; i++)
                {
                    sum += Unsafe.Add(ref wRow, i) * Unsafe.Add(ref x, i);
                }

                y[row] = sum + biases[row];
            }
        }
    }

    /// <summary>weightGradients[o, i] += sum_s deltas[s, o] * inputs[s, i]; biasGradients[o] += sum_s deltas[s, o].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AccumulateParameterGradients(
        ReadOnlySpan<float> inputs, ReadOnlySpan<float> deltas, Span<float> weightGradients, Span<float> biasGradients, int inSize, int outSize, int count)
    {
        ref var x = ref MemoryMarshal.GetReference(inputs);
        ref var d = ref MemoryMarshal.GetReference(deltas);
        ref var g = ref MemoryMarshal.GetReference(weightGradients);
        for (var row = 0; row < outSize; row++)
        {
            ref var gRow = ref Unsafe.Add(ref g, row * inSize);
            var i = 0;
            for (; i + (4 * Width) <= inSize; i += 4 * Width)
            {
                // A 4-vector strip of the gradient row stays in registers across the batch.
                var g0 = Vector.LoadUnsafe(ref gRow, (nuint)i);
                var g1 = Vector.LoadUnsafe(ref gRow, (nuint)(i + Width));
                var g2 = Vector.LoadUnsafe(ref gRow, (nuint)(i + (2 * Width)));
                var g3 = Vector.LoadUnsafe(ref gRow, (nuint)(i + (3 * Width)));
                for (var s = 0; s < count; s++)
                {
                    var scalar = Unsafe.Add(ref d, (s * outSize) + row);
                    if (scalar == 0f)
                    {
                        continue; // common for ReLU units and one-hot losses
                    }

                    var delta = new Vector<float>(scalar);
                    ref var xRow = ref Unsafe.Add(ref x, (s * inSize) + i);
                    g0 = Vector.MultiplyAddEstimate(delta, Vector.LoadUnsafe(ref xRow), g0);
                    g1 = Vector.MultiplyAddEstimate(delta, Vector.LoadUnsafe(ref xRow, (nuint)Width), g1);
                    g2 = Vector.MultiplyAddEstimate(delta, Vector.LoadUnsafe(ref xRow, (nuint)(2 * Width)), g2);
                    g3 = Vector.MultiplyAddEstimate(delta, Vector.LoadUnsafe(ref xRow, (nuint)(3 * Width)), g3);
                }

                g0.StoreUnsafe(ref gRow, (nuint)i);
                g1.StoreUnsafe(ref gRow, (nuint)(i + Width));
                g2.StoreUnsafe(ref gRow, (nuint)(i + (2 * Width)));
                g3.StoreUnsafe(ref gRow, (nuint)(i + (3 * Width)));
            }

            for (; i + Width <= inSize; i += Width)
            {
                var accumulator = Vector.LoadUnsafe(ref gRow, (nuint)i);
                for (var s = 0; s < count; s++)
                {
                    var delta = new Vector<float>(Unsafe.Add(ref d, (s * outSize) + row));
                    accumulator = Vector.MultiplyAddEstimate(delta, Vector.LoadUnsafe(ref x, (nuint)((s * inSize) + i)), accumulator);
                }

                accumulator.StoreUnsafe(ref gRow, (nuint)i);
            }

            for (; i < inSize; i++)
            {
                var sum = Unsafe.Add(ref gRow, i);
                for (var s = 0; s < count; s++)
                {
                    sum += Unsafe.Add(ref d, (s * outSize) + row) * Unsafe.Add(ref x, (s * inSize) + i);
                }

                Unsafe.Add(ref gRow, i) = sum;
            }
        }

        for (var s = 0; s < count; s++)
        {
            for (var row = 0; row < outSize; row++)
            {
                biasGradients[row] += deltas[(s * outSize) + row];
            }
        }
    }

    /// <summary>inputDeltas[s, i] = sum_o deltas[s, o] * weights[o, i].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void InputDeltas(
        ReadOnlySpan<float> weights, ReadOnlySpan<float> deltas, Span<float> inputDeltas, int inSize, int outSize, int count)
    {
        ref var w = ref MemoryMarshal.GetReference(weights);
        ref var d = ref MemoryMarshal.GetReference(deltas);
        ref var dx = ref MemoryMarshal.GetReference(inputDeltas);
        for (var s = 0; s < count; s++)
        {
            ref var dRow = ref Unsafe.Add(ref d, s * outSize);
            ref var dxRow = ref Unsafe.Add(ref dx, s * inSize);
            var i = 0;
            for (; i + (4 * Width) <= inSize; i += 4 * Width)
            {
                // A 4-vector strip of this sample's input deltas stays in registers across the rows.
                Vector<float> a0 = default, a1 = default, a2 = default, a3 = default;
                for (var row = 0; row < outSize; row++)
                {
                    var scalar = Unsafe.Add(ref dRow, row);
                    if (scalar == 0f)
                    {
                        continue;
                    }

                    var delta = new Vector<float>(scalar);
                    ref var wRow = ref Unsafe.Add(ref w, (row * inSize) + i);
                    a0 = Vector.MultiplyAddEstimate(delta, Vector.LoadUnsafe(ref wRow), a0);
                    a1 = Vector.MultiplyAddEstimate(delta, Vector.LoadUnsafe(ref wRow, (nuint)Width), a1);
                    a2 = Vector.MultiplyAddEstimate(delta, Vector.LoadUnsafe(ref wRow, (nuint)(2 * Width)), a2);
                    a3 = Vector.MultiplyAddEstimate(delta, Vector.LoadUnsafe(ref wRow, (nuint)(3 * Width)), a3);
                }

                a0.StoreUnsafe(ref dxRow, (nuint)i);
                a1.StoreUnsafe(ref dxRow, (nuint)(i + Width));
                a2.StoreUnsafe(ref dxRow, (nuint)(i + (2 * Width)));
                a3.StoreUnsafe(ref dxRow, (nuint)(i + (3 * Width)));
            }

            for (; i + Width <= inSize; i += Width)
            {
                var accumulator = Vector<float>.Zero;
                for (var row = 0; row < outSize; row++)
                {
                    var delta = new Vector<float>(Unsafe.Add(ref dRow, row));
                    accumulator = Vector.MultiplyAddEstimate(delta, Vector.LoadUnsafe(ref w, (nuint)((row * inSize) + i)), accumulator);
                }

                accumulator.StoreUnsafe(ref dxRow, (nuint)i);
            }

            for (; i < inSize; i++)
            {
                var sum = 0f;
                for (var row = 0; row < outSize; row++)
                {
                    sum += Unsafe.Add(ref dRow, row) * Unsafe.Add(ref w, (row * inSize) + i);
                }

                Unsafe.Add(ref dxRow, i) = sum;
            }
        }
    }
}
