namespace Tmo.Edge.Daemon.LivePath;

/// <summary>When an adapting policy has recovered half of the gap between a static policy and the Oracle.</summary>
public static class RecoveryPoint
{
    /// <summary>A gap below this per dialogue is no gap: nothing to recover.</summary>
    public const double NoGap = 0.005;

    /// <summary>
    /// The number of dialogues at the end of the first trailing window of <paramref name="window"/> dialogues in which the
    /// adapting policy earned at least half of the Oracle's lead over the static one, both measured on the same
    /// dialogues; 0 when the static policy had no gap to the Oracle; null when no window did. The window's end overstates
    /// the moment by up to a window, never understates it.
    /// </summary>
    public static int? FirstHalfGapRecovered(IReadOnlyList<double> fixedRewards, IReadOnlyList<double> adaptive, IReadOnlyList<double> oracle, int window)
    {
        ArgumentNullException.ThrowIfNull(fixedRewards);
        ArgumentNullException.ThrowIfNull(adaptive);
        ArgumentNullException.ThrowIfNull(oracle);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(window);
        if (fixedRewards.Count == 0 || oracle.Average() - fixedRewards.Average() < NoGap)
        {
            return 0;
        }

        double gain = 0, gap = 0;
        for (var i = 0; i < fixedRewards.Count; i++)
        {
            gain += adaptive[i] - fixedRewards[i];
            gap += oracle[i] - fixedRewards[i];
            if (i >= window)
            {
                gain -= adaptive[i - window] - fixedRewards[i - window];
                gap -= oracle[i - window] - fixedRewards[i - window];
            }

            if (i >= window - 1 && gap > 0 && gain >= gap / 2)
            {
                return i + 1;
            }
        }

        return null;
    }
}
