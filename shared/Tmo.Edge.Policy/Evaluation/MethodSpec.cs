using Tmo.Edge.Policy.Learning;

namespace Tmo.Edge.Policy.Evaluation;

/// <summary>A method of the comparison: a fixed baseline, a bandit, or an RL algorithm with or without RC.</summary>
public sealed record MethodSpec(string Name, MethodFamily Family, Algorithm? Algorithm = null, bool ResourceConstrained = false)
{
    /// <summary>What the product ships: auto selection among the RL candidates on a validation split (`--algo auto`).</summary>
    public static MethodSpec Shipped { get; } = new("Shipped", MethodFamily.Auto);

    public static IReadOnlyList<MethodSpec> All { get; } =
    [
        new("Random", MethodFamily.Random),
        new("Local", MethodFamily.LocalOnly),
        new("Cloud", MethodFamily.CloudOnly),
        new("EpsilonGreedy", MethodFamily.EpsilonGreedy),
        new("UCB1", MethodFamily.Ucb1),
        new("A2C", MethodFamily.ReinforcementLearning, Learning.Algorithm.A2C),
        new("PPO", MethodFamily.ReinforcementLearning, Learning.Algorithm.PPO),
        new("DQN", MethodFamily.ReinforcementLearning, Learning.Algorithm.DQN),
        new("RC-A2C", MethodFamily.ReinforcementLearning, Learning.Algorithm.A2C, ResourceConstrained: true),
        new("RC-PPO", MethodFamily.ReinforcementLearning, Learning.Algorithm.PPO, ResourceConstrained: true),
        new("RC-DQN", MethodFamily.ReinforcementLearning, Learning.Algorithm.DQN, ResourceConstrained: true),
        new("Oracle", MethodFamily.Oracle),
        Shipped,
    ];

    public static MethodSpec Named(string name) =>
        All.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown method '{name}'. Known: {string.Join(", ", All.Select(m => m.Name))}.", nameof(name));

    public static MethodSpec ForAlgorithm(Algorithm algorithm, bool resourceConstrained) =>
        All.Single(m => m.Algorithm == algorithm && m.ResourceConstrained == resourceConstrained);

    /// <summary>
    /// Whether the method plans each dialogue in hindsight (the Oracle) instead of acting as a policy: it is evaluated
    /// by <see cref="OracleEvaluator"/>, already keeps within the budgets and so gets no "+Shield" row.
    /// </summary>
    public bool UsesHindsight => Family == MethodFamily.Oracle;
}

public enum MethodFamily
{
    Random,
    LocalOnly,
    CloudOnly,
    EpsilonGreedy,
    Ucb1,
    ReinforcementLearning,

    /// <summary>The hindsight-optimal action sequence per test dialogue: an upper bound, not a policy.</summary>
    Oracle,
    /// <summary>Trains several RL candidates and keeps the best on a validation split (<see cref="Training.AutoSelection"/>).</summary>
    Auto,
}
