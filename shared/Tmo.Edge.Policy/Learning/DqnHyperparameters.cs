using Tmo.Edge.Policy.Learning.Networks;

namespace Tmo.Edge.Policy.Learning;

/// <summary>DQN settings; the defaults are Stable-Baselines3 2.2.1's DQN with MlpPolicy.</summary>
public sealed record DqnHyperparameters
{
    public float LearningRate { get; init; } = 1e-4f;

    /// <summary>Replay capacity; a run never stores more than its own steps, so the buffer is capped at those.</summary>
    public int BufferSize { get; init; } = 1_000_000;

    /// <summary>Steps of uniformly random actions before the first gradient step.</summary>
    public int LearningStarts { get; init; } = 100;

    public int BatchSize { get; init; } = 32;

    /// <summary>Polyak coefficient of the target update; 1 copies the Q-network.</summary>
    public float Tau { get; init; } = 1f;

    public float Gamma { get; init; } = 0.99f;

    /// <summary>Environment steps between training rounds (train_freq in steps).</summary>
    public int TrainFrequency { get; init; } = 4;

    public int GradientSteps { get; init; } = 1;

    /// <summary>Environment steps between target-network updates.</summary>
    public int TargetUpdateInterval { get; init; } = 10_000;

    /// <summary>Fraction of the requested steps over which epsilon decays linearly.</summary>
    public float ExplorationFraction { get; init; } = 0.1f;

    public float ExplorationInitialEpsilon { get; init; } = 1f;

    public float ExplorationFinalEpsilon { get; init; } = 0.05f;

    public float MaxGradientNorm { get; init; } = 10f;

    /// <summary>Adam epsilon; DQNPolicy keeps PyTorch's default.</summary>
    public float AdamEpsilon { get; init; } = 1e-8f;

    public IReadOnlyList<int> HiddenLayerSizes { get; init; } = [64, 64];

    public HiddenActivation Activation { get; init; } = HiddenActivation.Relu;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(LearningRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BufferSize);
        ArgumentOutOfRangeException.ThrowIfNegative(LearningStarts);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BatchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(TrainFrequency);
        ArgumentOutOfRangeException.ThrowIfNegative(GradientSteps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(TargetUpdateInterval);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxGradientNorm);
        ArgumentNullException.ThrowIfNull(HiddenLayerSizes);
    }
}
