namespace Tmo.Edge.Policy.Learning.Networks;

/// <summary>The non-linearity applied after every hidden layer of an <see cref="Mlp"/>; the output layer is linear.</summary>
public enum HiddenActivation
{
    /// <summary>Hyperbolic tangent, SB3's default for actor-critic policies (A2C, PPO).</summary>
    Tanh,

    /// <summary>Rectified linear unit, SB3's default for DQN.</summary>
    Relu,
}
