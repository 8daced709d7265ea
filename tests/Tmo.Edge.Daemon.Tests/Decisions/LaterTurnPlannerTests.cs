using Tmo.Edge.Daemon.Decisions;

namespace Tmo.Edge.Daemon.Tests.Decisions;

public sealed class LaterTurnPlannerTests
{
    [Fact]
    public void Nothing_is_reserved_before_any_turn_was_quoted()
    {
        var planner = new LaterTurnPlanner();
        planner.Lengths.Add(5, 10);

        Assert.Equal(0, planner.Plan(0, maxDialogueTurns: 5, new double[2], new double[2]));
    }

    [Fact]
    public void A_typical_turn_costs_the_mean_of_the_quotes_and_the_reserve_follows_the_dialogue_lengths()
    {
        var planner = new LaterTurnPlanner();
        planner.Lengths.Add(3, 10);
        planner.ObserveQuotes([2.0, 6.0], [0.0, 0.004]);
        planner.ObserveQuotes([4.0, 4.0], [0.0, 0.002]);
        var latency = new double[2];
        var usage = new double[2];

        var turns = planner.Plan(completedTurns: 0, maxDialogueTurns: 5, latency, usage);

        Assert.Equal(2, turns); // every dialogue seen had 3 turns
        Assert.Equal([3.0, 5.0], latency);
        Assert.Equal(0.003, usage[1], precision: 12);
        Assert.Equal(1, planner.Plan(completedTurns: 1, maxDialogueTurns: 5, latency, usage));
        Assert.Equal(0, planner.Plan(completedTurns: 1, maxDialogueTurns: 2, latency, usage)); // the configured cap
    }

    [Fact]
    public void Quotes_of_another_action_space_start_the_typical_costs_over()
    {
        var planner = new LaterTurnPlanner();
        planner.Lengths.Add(4, 1);
        planner.ObserveQuotes([100.0, 100.0], [1.0, 1.0]);
        planner.ObserveQuotes([1.0, 2.0, 3.0], [0.0, 0.1, 0.2]);
        var latency = new double[3];

        Assert.Equal(3, planner.Plan(0, 5, latency, new double[3]));
        Assert.Equal([1.0, 2.0, 3.0], latency);
    }
}
