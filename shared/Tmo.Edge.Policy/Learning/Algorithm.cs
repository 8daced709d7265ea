namespace Tmo.Edge.Policy.Learning;

/// <summary>The reinforcement-learning algorithms TMO trains (Stable-Baselines3 2.2.1 defaults).</summary>
public enum Algorithm
{
    A2C,
    PPO,
    DQN,
}

/// <summary>Creates the learner of an algorithm with its default hyperparameters.</summary>
public static class Learners
{
    public static IPolicyLearner For(Algorithm algorithm) => algorithm switch
    {
        Algorithm.A2C => new A2cLearner(),
        Algorithm.PPO => new PpoLearner(),
        Algorithm.DQN => new DqnLearner(),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown algorithm."),
    };
}
