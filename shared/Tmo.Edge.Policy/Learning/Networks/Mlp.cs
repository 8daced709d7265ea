using System.Runtime.CompilerServices;

namespace Tmo.Edge.Policy.Learning.Networks;

/// <summary>
/// A fully connected float32 network, like PyTorch's <c>nn.Sequential</c> of <c>nn.Linear</c> layers with
/// <see cref="Activation"/> after every hidden layer and a linear output layer.
/// <para>
/// <see cref="Parameters"/> is flat: for each layer in order, its weights W as [out x in] row-major
/// (the layout of <c>nn.Linear.weight</c>) followed by its biases b [out]. <see cref="Gradients"/> has the same layout.
/// </para>
/// <para>
/// An instance owns the scratch buffers of its forward and backward passes, so they do not allocate (batch buffers
/// grow once to the largest batch seen). Instances are therefore not thread-safe: give each thread a <see cref="Clone"/>.
/// </para>
/// <para>
/// Hot methods here and in the learners are marked AggressiveOptimization: a training run is short, and tier-0 code
/// would otherwise run its first thousands of steps several times slower.
/// </para>
/// </summary>
public sealed class Mlp
{
    private readonly int[] layerSizes;
    private readonly int[] weightOffsets;
    private readonly float[] singleScratch;
    private readonly BatchBuffers batch;

    public Mlp(int[] layerSizes, HiddenActivation activation)
    {
        ArgumentNullException.ThrowIfNull(layerSizes);
        if (layerSizes.Length < 2)
        {
            throw new ArgumentException("An MLP needs at least an input and an output size.", nameof(layerSizes));
        }

        foreach (var size in layerSizes)
        {
            if (size <= 0)
            {
                throw new ArgumentException("Layer sizes must be positive.", nameof(layerSizes));
            }
        }

        if (!Enum.IsDefined(activation))
        {
            throw new ArgumentOutOfRangeException(nameof(activation));
        }

        this.layerSizes = (int[])layerSizes.Clone();
        Activation = activation;
        weightOffsets = new int[layerSizes.Length - 1];
        var count = 0;
        var widest = 0;
        for (var layer = 0; layer < weightOffsets.Length; layer++)
        {
            weightOffsets[layer] = count;
            count += (layerSizes[layer] + 1) * layerSizes[layer + 1];
            widest = Math.Max(widest, layerSizes[layer + 1]);
        }

        Parameters = new float[count];
        Gradients = new float[count];
        singleScratch = new float[2 * widest];
        batch = new BatchBuffers(this.layerSizes, Math.Max(widest, layerSizes[0]));
    }

    /// <summary>A network shaped like SB3's net_arch: <paramref name="hiddenLayerSizes"/> between input and output.</summary>
    public Mlp(int inputLength, IReadOnlyList<int> hiddenLayerSizes, int outputLength, HiddenActivation activation)
        : this(Shape(inputLength, hiddenLayerSizes, outputLength), activation)
    {
    }

    /// <summary>Sizes from input to output, e.g. [obs, 64, 64, actions]. A copy: the network's shape is fixed.</summary>
    public int[] LayerSizes => (int[])layerSizes.Clone();

    public HiddenActivation Activation { get; }

    public int InputLength => layerSizes[0];

    public int OutputLength => layerSizes[^1];

    public int LayerCount => weightOffsets.Length;

    /// <summary>All weights and biases in the layout documented on the class.</summary>
    public float[] Parameters { get; }

    /// <summary>dLoss/dParameters, accumulated by <see cref="Backward"/> until <see cref="ZeroGradients"/>.</summary>
    public float[] Gradients { get; }

    /// <summary>Restores a network from a checkpoint's shape and flat parameters (copied).</summary>
    public static Mlp FromParameters(int[] layerSizes, HiddenActivation activation, float[] parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var network = new Mlp(layerSizes, activation);
        if (parameters.Length != network.Parameters.Length)
        {
            throw new ArgumentException(
                $"Layer sizes [{string.Join(", ", layerSizes)}] need {network.Parameters.Length} parameters, got {parameters.Length}.",
                nameof(parameters));
        }

        parameters.CopyTo(network.Parameters, 0);
        return network;
    }

    /// <summary>A network with the same shape and a copy of the parameters (gradients start at zero).</summary>
    public Mlp Clone() => FromParameters(layerSizes, Activation, Parameters);

    /// <summary>Layer <paramref name="layer"/>'s weights, [out x in] row-major.</summary>
    public Span<float> Weights(int layer) =>
        Parameters.AsSpan(weightOffsets[layer], layerSizes[layer + 1] * layerSizes[layer]);

    /// <summary>Layer <paramref name="layer"/>'s biases.</summary>
    public Span<float> Biases(int layer) =>
        Parameters.AsSpan(weightOffsets[layer] + (layerSizes[layer + 1] * layerSizes[layer]), layerSizes[layer + 1]);

    public void ZeroGradients() => Array.Clear(Gradients);

    /// <summary>Evaluates one input without touching the buffers of <see cref="ForwardBatch"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Forward(ReadOnlySpan<float> input, Span<float> output)
    {
        if (input.Length != InputLength)
        {
            throw new ArgumentException($"Expected an input of length {InputLength}, got {input.Length}.", nameof(input));
        }

        if (output.Length != OutputLength)
        {
            throw new ArgumentException($"Expected an output of length {OutputLength}, got {output.Length}.", nameof(output));
        }

        var half = singleScratch.Length / 2;
        var current = input;
        for (var layer = 0; layer < LayerCount; layer++)
        {
            var target = layer == LayerCount - 1
                ? output
                : singleScratch.AsSpan(layer % 2 == 0 ? 0 : half, layerSizes[layer + 1]);
            LayerForward(layer, current, target, 1);
            current = target;
        }
    }

    /// <summary>
    /// Evaluates <paramref name="batchSize"/> inputs stored row after row and remembers the activations for
    /// <see cref="Backward"/>. The returned outputs ([batch x out]) stay valid until the next call.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ReadOnlySpan<float> ForwardBatch(ReadOnlySpan<float> inputs, int batchSize)
    {
        if (batchSize <= 0 || inputs.Length != batchSize * InputLength)
        {
            throw new ArgumentException(
                $"Expected {batchSize} inputs of length {InputLength} ({batchSize * InputLength} floats), got {inputs.Length}.",
                nameof(inputs));
        }

        batch.EnsureCapacity(batchSize);
        batch.Size = batchSize;
        inputs.CopyTo(batch.Activations[0]);
        for (var layer = 0; layer < LayerCount; layer++)
        {
            LayerForward(
                layer,
                batch.Activations[layer].AsSpan(0, batchSize * layerSizes[layer]),
                batch.Activations[layer + 1].AsSpan(0, batchSize * layerSizes[layer + 1]),
                batchSize);
        }

        return batch.Activations[LayerCount].AsSpan(0, batchSize * OutputLength);
    }

    /// <summary>
    /// Back-propagates dLoss/dOutputs ([batch x out], for the inputs of the last <see cref="ForwardBatch"/>) and
    /// adds dLoss/dParameters to <see cref="Gradients"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Backward(ReadOnlySpan<float> outputGradients)
    {
        var size = batch.Size;
        if (size == 0 || outputGradients.Length != size * OutputLength)
        {
            throw new ArgumentException(
                $"Expected {size * OutputLength} output gradients for the last batch of {size}, got {outputGradients.Length}.",
                nameof(outputGradients));
        }

        var delta = batch.DeltaA.AsSpan(0, size * OutputLength);
        outputGradients.CopyTo(delta);
        for (var layer = LayerCount - 1; layer >= 0; layer--)
        {
            var input = batch.Activations[layer].AsSpan(0, size * layerSizes[layer]);
            var inputDelta = layer == 0
                ? Span<float>.Empty
                : ((LayerCount - 1 - layer) % 2 == 0 ? batch.DeltaB : batch.DeltaA).AsSpan(0, size * layerSizes[layer]);
            LayerBackward(layer, input, delta, inputDelta, size);
            delta = inputDelta;
        }
    }

    private static int[] Shape(int inputLength, IReadOnlyList<int> hiddenLayerSizes, int outputLength)
    {
        ArgumentNullException.ThrowIfNull(hiddenLayerSizes);
        var sizes = new int[hiddenLayerSizes.Count + 2];
        sizes[0] = inputLength;
        for (var i = 0; i < hiddenLayerSizes.Count; i++)
        {
            sizes[i + 1] = hiddenLayerSizes[i];
        }

        sizes[^1] = outputLength;
        return sizes;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void LayerForward(int layer, ReadOnlySpan<float> inputs, Span<float> outputs, int count)
    {
        int inSize = layerSizes[layer], outSize = layerSizes[layer + 1];
        DenseKernels.Affine(Weights(layer), Biases(layer), inputs, outputs, inSize, outSize, count);
        if (layer == LayerCount - 1)
        {
            return;
        }

        var activated = outputs[..(count * outSize)];
        if (Activation == HiddenActivation.Tanh)
        {
            Activations.Tanh(activated);
        }
        else
        {
            Activations.Relu(activated);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void LayerBackward(int layer, ReadOnlySpan<float> inputs, ReadOnlySpan<float> deltas, Span<float> inputDeltas, int count)
    {
        int inSize = layerSizes[layer], outSize = layerSizes[layer + 1];
        var weightGradients = Gradients.AsSpan(weightOffsets[layer], outSize * inSize);
        var biasGradients = Gradients.AsSpan(weightOffsets[layer] + (outSize * inSize), outSize);
        DenseKernels.AccumulateParameterGradients(inputs, deltas, weightGradients, biasGradients, inSize, outSize, count);
        if (inputDeltas.IsEmpty)
        {
            return;
        }

        DenseKernels.InputDeltas(Weights(layer), deltas, inputDeltas, inSize, outSize, count);

        // The inputs of this layer are the previous layer's activations.
        if (Activation == HiddenActivation.Tanh)
        {
            Activations.TanhDerivative(inputs, inputDeltas);
        }
        else
        {
            Activations.ReluDerivative(inputs, inputDeltas);
        }
    }

    /// <summary>Per-layer activations of the last batch and the two delta buffers back-propagation alternates between.</summary>
    private sealed class BatchBuffers(int[] layerSizes, int widest)
    {

        public float[][] Activations { get; } = new float[layerSizes.Length][];

        public float[] DeltaA { get; private set; } = [];

        public float[] DeltaB { get; private set; } = [];

        public int Size { get; set; }

        private int Capacity { get; set; }

        public void EnsureCapacity(int batchSize)
        {
            if (batchSize <= Capacity)
            {
                return;
            }

            for (var layer = 0; layer < layerSizes.Length; layer++)
            {
                Activations[layer] = new float[batchSize * layerSizes[layer]];
            }

            DeltaA = new float[batchSize * widest];
            DeltaB = new float[batchSize * widest];
            Capacity = batchSize;
        }
    }
}
