namespace Tmo.Edge.Policy.Learning.Networks;

/// <summary>The two weight initialisations SB3 2.2.1 relies on, drawn from a seeded <see cref="Random"/>.</summary>
public static class NetworkInitialization
{
    /// <summary>SB3's hidden-layer gain for orthogonal init (ActorCriticPolicy: np.sqrt(2)).</summary>
    public static readonly float HiddenGain = MathF.Sqrt(2f);

    /// <summary>SB3's gain for the action (logits) layer.</summary>
    public const float PolicyOutputGain = 0.01f;

    /// <summary>SB3's gain for the value layer.</summary>
    public const float ValueOutputGain = 1f;

    /// <summary>
    /// SB3 ActorCriticPolicy with ortho_init=True: <c>nn.init.orthogonal_</c> on every weight, with
    /// <paramref name="hiddenGain"/> on hidden layers and <paramref name="outputGain"/> on the output layer; biases 0.
    /// </summary>
    public static void Orthogonal(Mlp network, Random random, float hiddenGain, float outputGain)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(random);
        var sizes = network.LayerSizes;
        for (var layer = 0; layer < network.LayerCount; layer++)
        {
            var gain = layer == network.LayerCount - 1 ? outputGain : hiddenGain;
            OrthogonalMatrix(network.Weights(layer), sizes[layer + 1], sizes[layer], gain, random);
            network.Biases(layer).Clear();
        }
    }

    /// <summary>
    /// PyTorch's default <c>nn.Linear.reset_parameters</c>: kaiming_uniform(a=sqrt(5)) for W, which is
    /// U(-1/sqrt(fan_in), 1/sqrt(fan_in)), and the same bound for b. SB3's DQN keeps it.
    /// </summary>
    public static void PyTorchDefault(Mlp network, Random random)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(random);
        var sizes = network.LayerSizes;
        for (var layer = 0; layer < network.LayerCount; layer++)
        {
            var bound = 1.0 / Math.Sqrt(sizes[layer]);
            FillUniform(network.Weights(layer), bound, random);
            FillUniform(network.Biases(layer), bound, random);
        }
    }

    /// <summary>
    /// <c>torch.nn.init.orthogonal_</c>: QR of a Gaussian matrix made tall, with Q's column signs fixed so that
    /// diag(R) &gt; 0, transposed back when the weight is wide. Gram-Schmidt yields exactly that Q.
    /// </summary>
    private static void OrthogonalMatrix(Span<float> weights, int rows, int columns, float gain, Random random)
    {
        int tall = Math.Max(rows, columns), narrow = Math.Min(rows, columns);
        var q = new double[tall * narrow]; // column-major: column j is q[j*tall .. (j+1)*tall)
        FillGaussian(q, random);
        for (var j = 0; j < narrow; j++)
        {
            var column = q.AsSpan(j * tall, tall);
            for (var k = 0; k < j; k++)
            {
                var previous = q.AsSpan(k * tall, tall);
                var projection = Dot(previous, column);
                for (var i = 0; i < tall; i++)
                {
                    column[i] -= projection * previous[i];
                }
            }

            var norm = Math.Sqrt(Dot(column, column));
            for (var i = 0; i < tall; i++)
            {
                column[i] /= norm;
            }
        }

        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                // rows >= columns: W = Q; otherwise W = Q^T, whose rows are Q's columns.
                var value = rows >= columns ? q[(c * tall) + r] : q[(r * tall) + c];
                weights[(r * columns) + c] = (float)(gain * value);
            }
        }
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <summary>Standard normal samples by the Box-Muller transform, two per pair of uniforms.</summary>
    private static void FillGaussian(Span<double> values, Random random)
    {
        for (var i = 0; i < values.Length; i += 2)
        {
            var radius = Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble()));
            var angle = 2.0 * Math.PI * random.NextDouble();
            values[i] = radius * Math.Cos(angle);
            if (i + 1 < values.Length)
            {
                values[i + 1] = radius * Math.Sin(angle);
            }
        }
    }

    private static void FillUniform(Span<float> values, double bound, Random random)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)(((2.0 * random.NextDouble()) - 1.0) * bound);
        }
    }
}
