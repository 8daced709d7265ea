using Tmo.Edge.Daemon.LivePath;

namespace Tmo.Edge.Daemon.Tests.LivePath;

public sealed class RecoveryPointTests
{
    [Fact]
    public void Recovery_is_the_end_of_the_first_window_with_half_the_oracles_lead()
    {
        double[] fixedRewards = [1, 1, 1, 1, 1, 1];
        double[] oracle = [2, 2, 2, 2, 2, 2];
        double[] adaptive = [1, 1, 1, 1.6, 1.6, 1.6];

        // Windows of 2: (1, 1) gains 0; (1, 1.6) gains 0.6 of 2; (1.6, 1.6) gains 1.2 of 2, at the 5th dialogue.
        Assert.Equal(5, RecoveryPoint.FirstHalfGapRecovered(fixedRewards, adaptive, oracle, window: 2));
    }

    [Fact]
    public void Never_recovering_is_null_and_no_gap_is_zero()
    {
        double[] fixedRewards = [1, 1, 1, 1];

        Assert.Null(RecoveryPoint.FirstHalfGapRecovered(fixedRewards, [1, 1.2, 1.2, 1.2], [2, 2, 2, 2], window: 2));
        Assert.Equal(0, RecoveryPoint.FirstHalfGapRecovered(fixedRewards, [1, 1, 1, 1], [1, 1, 1, 1], window: 2));
    }
}
