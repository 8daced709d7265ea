namespace Tmo.Edge.Policy.Learning;

/// <summary>
/// Summary of a training run, named after SB3's logger keys. <see cref="MeanEpisodeReward"/> is the mean
/// undiscounted return of the last 100 finished episodes (rollout/ep_rew_mean), NaN when none finished.
/// Losses are those of the last update: for A2C the single gradient step, for PPO the means over its last
/// epochs, for DQN the TD (Huber) loss in <see cref="ValueLoss"/> (NaN before the first update) with no policy or
/// entropy loss.
/// </summary>
public sealed record TrainingMetrics(
    int Steps,
    int Episodes,
    double MeanEpisodeReward,
    double? PolicyLoss,
    double ValueLoss,
    double? EntropyLoss);
