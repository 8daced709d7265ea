using System.Runtime.CompilerServices;
using Tmo.Edge.Policy.Learning.Networks;

namespace Tmo.Edge.Policy.Learning;

/// <summary>
/// SB3's ActorCriticPolicy for a discrete action space with separate policy and value MLPs
/// (net_arch pi/vf), orthogonally initialised, plus the scratch space of <c>evaluate_actions</c> and its backward pass.
/// </summary>
internal sealed class ActorCriticNetworks
{
    private readonly int actionCount;
    private readonly float[] logits;
    private readonly float[] logProbabilities;
    private readonly float[] value = new float[1];
    private readonly int[] batchActions;
    private readonly float[] batchLogProbabilities;
    private readonly float[] actionLogProbabilities;
    private readonly float[] entropies;
    private readonly float[] values;
    private readonly float[] logitGradients;
    private int batchSize;

    public ActorCriticNetworks(
        int observationLength,
        int actionCount,
        IReadOnlyList<int> hiddenLayerSizes,
        HiddenActivation activation,
        int batchCapacity,
        Random random)
    {
        this.actionCount = actionCount;
        Policy = new Mlp(observationLength, hiddenLayerSizes, actionCount, activation);
        Value = new Mlp(observationLength, hiddenLayerSizes, 1, activation);
        NetworkInitialization.Orthogonal(Policy, random, NetworkInitialization.HiddenGain, NetworkInitialization.PolicyOutputGain);
        NetworkInitialization.Orthogonal(Value, random, NetworkInitialization.HiddenGain, NetworkInitialization.ValueOutputGain);
        Both = [Policy, Value];
        logits = new float[actionCount];
        logProbabilities = new float[actionCount];
        batchActions = new int[batchCapacity];
        batchLogProbabilities = new float[batchCapacity * actionCount];
        actionLogProbabilities = new float[batchCapacity];
        entropies = new float[batchCapacity];
        values = new float[batchCapacity];
        logitGradients = new float[batchCapacity * actionCount];
    }

    public Mlp Policy { get; }

    public Mlp Value { get; }

    /// <summary>Both networks: the parameters SB3's single optimizer and gradient clipping cover.</summary>
    public Mlp[] Both { get; }

    /// <summary>Log pi(a|s) of the last <see cref="Evaluate"/>.</summary>
    public ReadOnlySpan<float> ActionLogProbabilities => actionLogProbabilities.AsSpan(0, batchSize);

    public ReadOnlySpan<float> Entropies => entropies.AsSpan(0, batchSize);

    public ReadOnlySpan<float> Values => values.AsSpan(0, batchSize);

    /// <summary>
    /// ActorCriticPolicy.forward for one observation: samples an allowed action (any when <paramref name="allowed"/>
    /// is empty), with V(s) and log pi(a|s) under the masked distribution.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Act(ReadOnlySpan<float> observation, ReadOnlySpan<bool> allowed, Random random, out float stateValue, out float logProbability)
    {
        Policy.Forward(observation, logits);
        Categorical.LogSoftmax(logits, allowed, logProbabilities);
        var action = Categorical.Sample(logProbabilities, random);
        logProbability = logProbabilities[action];
        stateValue = PredictValue(observation);
        return action;
    }

    public float PredictValue(ReadOnlySpan<float> observation)
    {
        Value.Forward(observation, value);
        return value[0];
    }

    /// <summary>
    /// ActorCriticPolicy.evaluate_actions on a batch under each sample's action mask (<paramref name="allowed"/>:
    /// actionCount flags per sample, or empty for none), remembering what <see cref="Backpropagate"/> needs.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Evaluate(ReadOnlySpan<float> observations, ReadOnlySpan<int> actions, ReadOnlySpan<bool> allowed)
    {
        batchSize = actions.Length;
        actions.CopyTo(batchActions);
        var batchLogits = Policy.ForwardBatch(observations, batchSize);
        Value.ForwardBatch(observations, batchSize).CopyTo(values);
        for (var i = 0; i < batchSize; i++)
        {
            var rowLogProbabilities = batchLogProbabilities.AsSpan(i * actionCount, actionCount);
            var rowAllowed = allowed.IsEmpty ? [] : allowed.Slice(i * actionCount, actionCount);
            Categorical.LogSoftmax(batchLogits.Slice(i * actionCount, actionCount), rowAllowed, rowLogProbabilities);
            actionLogProbabilities[i] = rowLogProbabilities[actions[i]];
            entropies[i] = Categorical.Entropy(rowLogProbabilities);
        }
    }

    /// <summary>
    /// Replaces both networks' gradients with those of a loss given by its derivatives with respect to each
    /// log pi(a_i|s_i), to every entropy H_i (the same for all samples) and to each V(s_i).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Backpropagate(ReadOnlySpan<float> logProbabilityGradients, float entropyGradient, ReadOnlySpan<float> valueGradients)
    {
        for (var i = 0; i < batchSize; i++)
        {
            var rowLogProbabilities = batchLogProbabilities.AsSpan(i * actionCount, actionCount);
            var rowGradients = logitGradients.AsSpan(i * actionCount, actionCount);
            var entropy = entropies[i];
            for (var j = 0; j < actionCount; j++)
            {
                // d log p_a / dz_j = [j == a] - p_j;  dH / dz_j = -p_j (log p_j + H); a masked logit (p_j = 0) gets none.
                var p = MathF.Exp(rowLogProbabilities[j]);
                var indicator = j == batchActions[i] ? 1f : 0f;
                rowGradients[j] = p == 0f ? 0f : (logProbabilityGradients[i] * (indicator - p))
                    - (entropyGradient * p * (rowLogProbabilities[j] + entropy));
            }
        }

        Policy.ZeroGradients();
        Value.ZeroGradients();
        Policy.Backward(logitGradients.AsSpan(0, batchSize * actionCount));
        Value.Backward(valueGradients[..batchSize]);
    }

    public NeuralPolicy ToPolicy() => new(PolicyKind.ActorCritic, Policy, Value);
}
