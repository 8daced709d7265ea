namespace Tmo.Edge.Policy.Learning;

/// <summary>
/// Counts steps and episodes (like SB3's Monitor wrapper and its 100-episode info buffer), reports progress every
/// 500 steps and at the last planned step, and observes cancellation at every step.
/// </summary>
internal sealed class TrainingMonitor(int plannedSteps, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
{
    private const int ReportInterval = 500;
    private readonly double[] recentRewards = new double[100];
    private double episodeReward;

    public int Steps { get; private set; }

    public int Episodes { get; private set; }

    public double MeanEpisodeReward
    {
        get
        {
            var count = Math.Min(Episodes, recentRewards.Length);
            if (count == 0)
            {
                return double.NaN;
            }

            var sum = 0.0;
            for (var i = 0; i < count; i++)
            {
                sum += recentRewards[i];
            }

            return sum / count;
        }
    }

    public void ThrowIfCancellationRequested() => cancellationToken.ThrowIfCancellationRequested();

    public void RecordStep(float reward, bool done)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Steps++;
        episodeReward += reward;
        if (done)
        {
            recentRewards[Episodes % recentRewards.Length] = episodeReward;
            Episodes++;
            episodeReward = 0.0;
        }

        if (progress is not null && (Steps % ReportInterval == 0 || Steps == plannedSteps))
        {
            progress.Report(new TrainingProgress(Steps, plannedSteps, Episodes, MeanEpisodeReward));
        }
    }

    public TrainingMetrics Metrics(double? policyLoss, double valueLoss, double? entropyLoss) =>
        new(Steps, Episodes, MeanEpisodeReward, policyLoss, valueLoss, entropyLoss);
}
