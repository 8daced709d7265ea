using Tmo.Edge.Policy.Decisions;

namespace Tmo.Edge.Policy.Tests.Decisions;

public sealed class BudgetShieldTests
{
    // Local, cloud text, cloud + 1 view: latency (s) and usage (USD).
    private static readonly double[] Latency = [0.5, 6.0, 5.0];
    private static readonly double[] Usage = [0.0, 0.001, 0.005];

    [Fact]
    public void Infeasible_actions_are_masked_with_their_reason()
    {
        var (allowed, masked, _) = Apply(feasible: [false, true, true], latency: 30, usage: 0.05, laterTurns: 0);
        Assert.Equal([false, true, true], allowed);
        Assert.Equal([new MaskedAction(0, MaskReason.Infeasible)], masked);
    }

    [Fact]
    public void An_action_that_leaves_too_little_for_the_expected_later_turns_is_masked_while_another_leaves_enough()
    {
        // 6 s now + 2 later turns of the fastest fallback (0.5 s) = 7 s > 6.5 s remaining; 5 s + 1 s fits.
        var (allowed, masked, outcome) = Apply(feasible: [], latency: 6.5, usage: 0.05, laterTurns: 2);
        Assert.Equal([true, false, true], allowed);
        Assert.Equal([new MaskedAction(1, MaskReason.LatencyReserve)], masked);
        Assert.Equal(2, outcome.ReservedTurns);
    }

    [Fact]
    public void The_usage_reserve_is_checked_with_the_same_fallback_as_latency()
    {
        // Local is infeasible, so the fallback for later turns is a cloud call costing at least 0.001 USD each.
        var (allowed, masked, _) = Apply(feasible: [false, true, true], latency: 100, usage: 0.006, laterTurns: 2);
        Assert.Equal([false, true, false], allowed);
        Assert.Contains(new MaskedAction(2, MaskReason.UsageReserve), masked);
    }

    [Fact]
    public void When_no_action_leaves_the_whole_reserve_the_shield_reserves_fewer_turns_instead_of_refusing()
    {
        // Only cloud: 5 s now leaves 6 s, room for one more 5 s turn but not the four expected.
        var (allowed, masked, outcome) = Apply(feasible: [false, true, true], latency: 11, usage: 0.05, laterTurns: 4);

        Assert.False(outcome.Refused);
        Assert.Equal(1, outcome.ReservedTurns);
        Assert.Equal([false, false, true], allowed);
        Assert.Contains(new MaskedAction(1, MaskReason.LatencyReserve), masked);
    }

    [Fact]
    public void A_turn_is_refused_only_when_no_feasible_action_fits_on_its_own()
    {
        var (allowed, masked, outcome) = Apply(feasible: [], latency: 0.4, usage: 0.05, laterTurns: 3);
        Assert.True(outcome.Refused);
        Assert.All(allowed, Assert.False);
        Assert.Equal([MaskReason.LatencyBudget, MaskReason.LatencyBudget, MaskReason.LatencyBudget], masked.Select(m => m.Reason));
    }

    [Fact]
    public void The_cheapest_feasible_action_is_the_one_taking_the_smallest_share_of_what_remains()
    {
        Assert.Equal(0, BudgetShield.CheapestFeasible(Latency, Usage, [], 10, 0.01));
        Assert.Equal(2, BudgetShield.CheapestFeasible(Latency, Usage, [false, true, true], 10, 0.1));
        Assert.Null(BudgetShield.CheapestFeasible(Latency, Usage, [false, false, false], 10, 0.1));
    }

    private static (bool[] Allowed, MaskedAction[] Masked, ShieldOutcome Outcome) Apply(bool[] feasible, double latency, double usage, int laterTurns)
    {
        var allowed = new bool[3];
        var masked = new MaskedAction[3];
        var outcome = BudgetShield.Apply(Latency, Usage, feasible, latency, usage, new LaterTurnReserve(laterTurns, Latency, Usage), allowed, masked);
        return (allowed, masked[..outcome.MaskedCount], outcome);
    }
}
