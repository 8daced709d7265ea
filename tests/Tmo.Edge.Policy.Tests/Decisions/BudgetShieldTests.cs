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
        var (allowed, masked) = Apply(feasible: [false, true, true], latency: 30, usage: 0.05, laterTurns: 0);
        Assert.Equal([false, true, true], allowed);
        Assert.Equal([new MaskedAction(0, MaskReason.Infeasible)], masked);
    }

    [Fact]
    public void An_action_that_fits_alone_is_masked_when_it_leaves_no_reserve_for_later_turns()
    {
        // 6 s now + 2 later turns of the fastest fallback (0.5 s) = 7 s > 6.5 s remaining; 5 s + 1 s fits.
        var (allowed, masked) = Apply(feasible: [], latency: 6.5, usage: 0.05, laterTurns: 2);
        Assert.Equal([true, false, true], allowed);
        Assert.Equal([new MaskedAction(1, MaskReason.LatencyBudget)], masked);
    }

    [Fact]
    public void Usage_reserve_is_checked_with_the_same_fallback_as_latency()
    {
        // Local is infeasible, so the fallback for later turns is a cloud call costing at least 0.001 USD each.
        var (allowed, masked) = Apply(feasible: [false, true, true], latency: 100, usage: 0.006, laterTurns: 2);
        Assert.Equal([false, true, false], allowed);
        Assert.Contains(new MaskedAction(2, MaskReason.UsageBudget), masked);
    }

    [Fact]
    public void Nothing_is_allowed_when_no_action_fits()
    {
        var (allowed, masked) = Apply(feasible: [], latency: 0.4, usage: 0.05, laterTurns: 0);
        Assert.All(allowed, Assert.False);
        Assert.Equal(3, masked.Length);
    }

    [Fact]
    public void Following_the_shield_never_overspends_whatever_the_costs_and_choices()
    {
        var random = new Random(5);
        for (var trial = 0; trial < 5_000; trial++)
        {
            var actions = random.Next(2, 10);
            var latency = Enumerable.Range(0, actions).Select(_ => random.NextDouble() * 10).ToArray();
            var usage = Enumerable.Range(0, actions).Select(_ => random.NextDouble() * 0.02).ToArray();
            var feasible = Enumerable.Range(0, actions).Select(_ => random.NextDouble() < 0.8).ToArray();
            double budgetLatency = random.NextDouble() * 40, budgetUsage = random.NextDouble() * 0.06;
            var maxTurns = random.Next(1, 8);
            var turns = random.Next(1, maxTurns + 1);
            double spentLatency = 0, spentUsage = 0;
            var allowed = new bool[actions];
            var masked = new MaskedAction[actions];
            for (var t = 0; t < turns; t++)
            {
                var count = BudgetShield.Apply(latency, usage, feasible, budgetLatency - spentLatency, budgetUsage - spentUsage, maxTurns - t - 1, allowed, masked);
                var choices = Enumerable.Range(0, actions).Where(a => allowed[a]).ToArray();
                Assert.Equal(actions - count, choices.Length);
                if (choices.Length == 0)
                {
                    break;
                }

                var choice = choices[random.Next(choices.Length)];
                spentLatency += latency[choice];
                spentUsage += usage[choice];
            }

            Assert.True(spentLatency <= budgetLatency, $"trial {trial}: {spentLatency} s > {budgetLatency} s");
            Assert.True(spentUsage <= budgetUsage, $"trial {trial}: {spentUsage} USD > {budgetUsage} USD");
        }
    }

    private static (bool[] Allowed, MaskedAction[] Masked) Apply(bool[] feasible, double latency, double usage, int laterTurns)
    {
        var allowed = new bool[3];
        var masked = new MaskedAction[3];
        var count = BudgetShield.Apply(Latency, Usage, feasible, latency, usage, laterTurns, allowed, masked);
        return (allowed, masked[..count]);
    }
}
