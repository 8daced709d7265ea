using Tmo.Edge.Policy.Learning.Networks;

namespace Tmo.Edge.Policy.Learning;

/// <summary>
/// A trained network acting greedily: the arg-max of its logits (<see cref="PolicyKind.ActorCritic"/>) or Q-values
/// (<see cref="PolicyKind.QValue"/>) over the allowed actions, lowest index on ties.
/// <see cref="Decide"/> allocates nothing; it uses the instance's buffers, so an instance is not thread-safe
/// (give each thread a <see cref="Clone"/>).
/// </summary>
public sealed class NeuralPolicy : IActionPolicy
{
    private readonly float[] outputs;

    /// <param name="kind">How to read <paramref name="network"/>'s outputs.</param>
    /// <param name="network">Observation to one output per action.</param>
    /// <param name="valueNetwork">The actor-critic's state-value network, kept for checkpoints; null for DQN.</param>
    public NeuralPolicy(PolicyKind kind, Mlp network, Mlp? valueNetwork = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind));
        }

        if (valueNetwork is not null && (valueNetwork.InputLength != network.InputLength || valueNetwork.OutputLength != 1))
        {
            throw new ArgumentException(
                $"The value network must map {network.InputLength} inputs to 1 output.", nameof(valueNetwork));
        }

        Kind = kind;
        Network = network;
        ValueNetwork = valueNetwork;
        outputs = new float[network.OutputLength];
    }

    public PolicyKind Kind { get; }

    /// <summary>The policy (logits) network or the Q-network.</summary>
    public Mlp Network { get; }

    public Mlp? ValueNetwork { get; }

    public int ObservationLength => Network.InputLength;

    public int ActionCount => Network.OutputLength;

    /// <summary>
    /// Probabilities are softmax(logits) for an actor-critic and one-hot on the unmasked arg-max Q for a Q-network.
    /// </summary>
    public int Decide(ReadOnlySpan<float> observation, ReadOnlySpan<bool> allowed, Span<float> probabilities)
    {
        if (observation.Length != ObservationLength)
        {
            throw new ArgumentException(
                $"Expected an observation of length {ObservationLength}, got {observation.Length}.", nameof(observation));
        }

        if (!allowed.IsEmpty && allowed.Length != ActionCount)
        {
            throw new ArgumentException(
                $"Expected an empty mask or one of length {ActionCount}, got {allowed.Length}.", nameof(allowed));
        }

        if (probabilities.Length != ActionCount)
        {
            throw new ArgumentException(
                $"Expected room for {ActionCount} probabilities, got {probabilities.Length}.", nameof(probabilities));
        }

        Network.Forward(observation, outputs);
        if (Kind == PolicyKind.ActorCritic)
        {
            Categorical.Softmax(outputs, probabilities);
        }
        else
        {
            probabilities.Clear();
            probabilities[Categorical.ArgMax(outputs, [])] = 1f;
        }

        return Categorical.ArgMax(outputs, allowed);
    }

    /// <summary>An independent copy (networks included) for use on another thread.</summary>
    public NeuralPolicy Clone() => new(Kind, Network.Clone(), ValueNetwork?.Clone());
}
