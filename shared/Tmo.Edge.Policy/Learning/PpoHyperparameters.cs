using Tmo.Edge.Policy.Learning.Networks;

namespace Tmo.Edge.Policy.Learning;

/// <summary>PPO settings; the defaults are Stable-Baselines3 2.2.1's PPO with MlpPolicy.</summary>
public sealed record PpoHyperparameters
{
    public float LearningRate { get; init; } = 3e-4f;

    /// <summary>Steps per rollout (n_steps); training always collects whole rollouts.</summary>
    public int StepsPerRollout { get; init; } = 2048;

    public int BatchSize { get; init; } = 64;

    public int Epochs { get; init; } = 10;

    public float Gamma { get; init; } = 0.99f;

    public float GaeLambda { get; init; } = 0.95f;

    public float ClipRange { get; init; } = 0.2f;

    public float EntropyCoefficient { get; init; }

    public float ValueCoefficient { get; init; } = 0.5f;

    public float MaxGradientNorm { get; init; } = 0.5f;

    /// <summary>Normalise advantages per minibatch.</summary>
    public bool NormalizeAdvantage { get; init; } = true;

    /// <summary>Adam epsilon; SB3's ActorCriticPolicy sets 1e-5 rather than PyTorch's 1e-8.</summary>
    public float AdamEpsilon { get; init; } = 1e-5f;

    /// <summary>Hidden layers of both the policy and the value network (net_arch pi and vf).</summary>
    public IReadOnlyList<int> HiddenLayerSizes { get; init; } = [64, 64];

    public HiddenActivation Activation { get; init; } = HiddenActivation.Tanh;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(LearningRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(StepsPerRollout);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BatchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Epochs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ClipRange);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxGradientNorm);
        ArgumentNullException.ThrowIfNull(HiddenLayerSizes);
    }
}
