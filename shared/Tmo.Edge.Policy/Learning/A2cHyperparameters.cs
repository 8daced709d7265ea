using Tmo.Edge.Policy.Learning.Networks;

namespace Tmo.Edge.Policy.Learning;

/// <summary>A2C settings; the defaults are Stable-Baselines3 2.2.1's A2C with MlpPolicy.</summary>
public sealed record A2cHyperparameters
{
    public float LearningRate { get; init; } = 7e-4f;

    /// <summary>Steps per rollout, each followed by one gradient step.</summary>
    public int StepsPerRollout { get; init; } = 5;

    public float Gamma { get; init; } = 0.99f;

    public float GaeLambda { get; init; } = 1f;

    public float EntropyCoefficient { get; init; }

    public float ValueCoefficient { get; init; } = 0.5f;

    public float MaxGradientNorm { get; init; } = 0.5f;

    public float RmsPropAlpha { get; init; } = 0.99f;

    public float RmsPropEpsilon { get; init; } = 1e-5f;

    public bool NormalizeAdvantage { get; init; }

    /// <summary>Hidden layers of both the policy and the value network (net_arch pi and vf).</summary>
    public IReadOnlyList<int> HiddenLayerSizes { get; init; } = [64, 64];

    public HiddenActivation Activation { get; init; } = HiddenActivation.Tanh;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(LearningRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(StepsPerRollout);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxGradientNorm);
        ArgumentNullException.ThrowIfNull(HiddenLayerSizes);
    }
}
