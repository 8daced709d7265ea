namespace Tmo.Edge.Policy.Learning;

/// <summary>What a <see cref="NeuralPolicy"/>'s network outputs.</summary>
public enum PolicyKind
{
    /// <summary>Action logits of an actor-critic policy (A2C, PPO).</summary>
    ActorCritic,

    /// <summary>Action values of a Q-network (DQN).</summary>
    QValue,
}
