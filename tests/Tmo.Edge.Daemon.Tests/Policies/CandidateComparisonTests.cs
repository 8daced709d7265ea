using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Daemon.Policies;

namespace Tmo.Edge.Daemon.Tests.Policies;

public sealed class CandidateComparisonTests
{
    private static readonly PolicyScore Active = new("rc-a2c-1", Reward: 1.063, LatencyViolationShare: 0, UsageViolationShare: 0, RefusedShare: 0.01, OracleShare: 0.9);

    [Fact]
    public void A_candidate_as_good_on_every_measure_is_not_worse()
    {
        var candidate = Active with { Version = "rc-a2c-2", Reward = 1.1 };

        Assert.Empty(CandidateComparison.WorseOn(Active, candidate));
    }

    [Fact]
    public void A_lower_reward_is_named_with_both_values()
    {
        var candidate = Active with { Version = "rc-a2c-2", Reward = 0.989 };

        Assert.Equal(["reward 0.989 < 1.063"], CandidateComparison.WorseOn(Active, candidate));
    }

    [Fact]
    public void More_overruns_or_refusals_make_a_candidate_worse_even_with_a_higher_reward()
    {
        var candidate = Active with { Version = "rc-a2c-2", Reward = 1.2, LatencyViolationShare = 0.1, RefusedShare = 0.02 };

        Assert.Equal(["latency overruns 10.0 % > 0.0 %", "refused turns 2.0 % > 1.0 %"], CandidateComparison.WorseOn(Active, candidate));
    }
}
