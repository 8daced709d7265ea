using Tmo.Edge.Policy.Environment;

namespace Tmo.Edge.Policy.Learning;

/// <summary>
/// A reinforcement-learning algorithm that trains a <see cref="NeuralPolicy"/> on an environment. A learner holds
/// only its hyperparameters, so concurrent <see cref="Train"/> calls on different environments are independent.
/// </summary>
public interface IPolicyLearner
{
    /// <summary>
    /// Trains from scratch for at least <paramref name="totalSteps"/> environment steps (rounded up to whole rollouts
    /// or collection rounds, as SB3 does). The same seed and environment reproduce the same weights bit for bit on
    /// one machine. Progress is reported every 500 steps and at the end.
    /// </summary>
    /// <exception cref="OperationCanceledException">When <paramref name="cancellationToken"/> is cancelled.</exception>
    TrainingResult Train(
        ITrainingEnvironment environment,
        int totalSteps,
        int seed,
        IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default);
}
