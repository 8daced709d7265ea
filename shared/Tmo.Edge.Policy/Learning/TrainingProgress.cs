namespace Tmo.Edge.Policy.Learning;

/// <summary>A training snapshot for progress bars: steps done and the mean reward of recent episodes.</summary>
public readonly record struct TrainingProgress(int Step, int TotalSteps, int Episodes, double MeanEpisodeReward);
