using System.Runtime.CompilerServices;

namespace Tmo.Edge.Policy.Learning;

/// <summary>
/// The categorical distribution over actions given by logits, as <c>torch.distributions.Categorical(logits=...)</c>:
/// everything is computed after subtracting the maximum logit, so large logits cannot overflow.
/// </summary>
internal static class Categorical
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Softmax(ReadOnlySpan<float> logits, Span<float> probabilities)
    {
        var max = Max(logits);
        var sum = 0f;
        for (var i = 0; i < logits.Length; i++)
        {
            probabilities[i] = MathF.Exp(logits[i] - max);
            sum += probabilities[i];
        }

        for (var i = 0; i < logits.Length; i++)
        {
            probabilities[i] /= sum;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void LogSoftmax(ReadOnlySpan<float> logits, Span<float> logProbabilities) => LogSoftmax(logits, [], logProbabilities);

    /// <summary>
    /// Log-softmax over the allowed actions only (all when <paramref name="allowed"/> is empty); a masked action gets
    /// log-probability -infinity, i.e. probability 0, as SB3-contrib's MaskableCategorical.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void LogSoftmax(ReadOnlySpan<float> logits, ReadOnlySpan<bool> allowed, Span<float> logProbabilities)
    {
        var max = float.NegativeInfinity;
        for (var i = 0; i < logits.Length; i++)
        {
            if (allowed.IsEmpty || allowed[i])
            {
                max = MathF.Max(max, logits[i]);
            }
        }

        var sum = 0f;
        for (var i = 0; i < logits.Length; i++)
        {
            if (allowed.IsEmpty || allowed[i])
            {
                sum += MathF.Exp(logits[i] - max);
            }
        }

        var logSumExp = max + MathF.Log(sum);
        for (var i = 0; i < logits.Length; i++)
        {
            logProbabilities[i] = allowed.IsEmpty || allowed[i] ? logits[i] - logSumExp : float.NegativeInfinity;
        }
    }

    /// <summary>Entropy -sum p log p, from log-probabilities; masked actions (p = 0) add nothing.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Entropy(ReadOnlySpan<float> logProbabilities)
    {
        var entropy = 0f;
        foreach (var logProbability in logProbabilities)
        {
            if (!float.IsNegativeInfinity(logProbability))
            {
                entropy -= MathF.Exp(logProbability) * logProbability;
            }
        }

        return entropy;
    }

    /// <summary>Draws an action by inverting the cumulative distribution of exp(log-probabilities).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Sample(ReadOnlySpan<float> logProbabilities, Random random)
    {
        var u = random.NextDouble();
        var cumulative = 0.0;
        var lastPossible = 0;
        for (var i = 0; i < logProbabilities.Length; i++)
        {
            var probability = Math.Exp(logProbabilities[i]);
            if (probability > 0.0)
            {
                lastPossible = i;
            }

            cumulative += probability;
            if (u < cumulative)
            {
                return i;
            }
        }

        // Rounding left the cumulative sum just under u.
        return lastPossible;
    }

    /// <summary>Index of the largest value among the allowed ones (all when <paramref name="allowed"/> is empty); lowest index on ties; -1 if none.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int ArgMax(ReadOnlySpan<float> values, ReadOnlySpan<bool> allowed)
    {
        var best = -1;
        for (var i = 0; i < values.Length; i++)
        {
            if ((allowed.IsEmpty || allowed[i]) && (best < 0 || values[i] > values[best]))
            {
                best = i;
            }
        }

        return best;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float Max(ReadOnlySpan<float> values)
    {
        var max = float.NegativeInfinity;
        foreach (var value in values)
        {
            max = MathF.Max(max, value);
        }

        return max;
    }
}
