namespace Tmo.Edge.Policy.Learning;

/// <summary>The outcome of <see cref="IPolicyLearner.Train"/>: the greedy policy and how training went.</summary>
public sealed record TrainingResult(NeuralPolicy Policy, TrainingMetrics Metrics);
