using Tmo.Edge.Console.History;
using Tmo.Edge.Core.Turns;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Console.Tests;

public sealed class DialogueLifecycleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 2, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(30);

    [Fact]
    public void Each_turn_shows_what_was_spent_up_to_it_not_the_dialogues_final_total()
    {
        var totals = TurnWithTotals.For([Turn(2, 1830, 0), Turn(1, 6245, 0.00945), Turn(3, null, null)]);

        Assert.Equal([1, 2, 3], totals.Select(t => t.Turn.Sequence));
        Assert.Equal([6.245, 8.075, 8.075], totals.Select(t => Math.Round(t.LatencySoFarS, 3)));
        Assert.Equal([0.00945, 0.00945, 0.00945], totals.Select(t => t.UsageSoFarUsd));
    }

    [Fact]
    public void A_recent_dialogue_with_budget_left_is_open()
    {
        Assert.Equal(DialogueState.Open, DialogueLifecycle.Of(Dialogue(Now.AddMinutes(-1)), TurnStatus.Answered, null, Now, Idle));
    }

    [Fact]
    public void A_dialogue_refused_for_its_budget_is_finished_but_one_blocked_for_now_is_not()
    {
        var dialogue = Dialogue(Now.AddMinutes(-1));

        Assert.Equal(DialogueState.Finished, DialogueLifecycle.Of(dialogue, TurnStatus.Refused, "budget exhausted: 1.2 s and 0 USD left; ...", Now, Idle));
        Assert.Equal(DialogueState.Open, DialogueLifecycle.Of(dialogue, TurnStatus.Refused, "no action can run now: thermal", Now, Idle));
    }

    [Fact]
    public void A_dialogue_that_spent_a_budget_is_finished()
    {
        var dialogue = Dialogue(Now.AddMinutes(-1));
        dialogue.SpentUsageUsd = dialogue.UsageBudgetUsd;

        Assert.Equal(DialogueState.Finished, DialogueLifecycle.Of(dialogue, TurnStatus.Answered, null, Now, Idle));
    }

    [Fact]
    public void A_dialogue_closed_by_the_daemon_or_idle_past_the_timeout_is_idle_closed()
    {
        var closed = Dialogue(Now.AddMinutes(-1));
        closed.ClosedAt = Now;

        Assert.Equal(DialogueState.IdleClosed, DialogueLifecycle.Of(closed, TurnStatus.Answered, null, Now, Idle));
        Assert.Equal(DialogueState.IdleClosed, DialogueLifecycle.Of(Dialogue(Now - Idle), TurnStatus.Answered, null, Now, Idle));
    }

    private static DialogueRecord Dialogue(DateTimeOffset lastActivity) => new()
    {
        Id = "kitchen-42", LastActivityAt = lastActivity, LatencyBudgetS = 30, UsageBudgetUsd = 0.05, SpentLatencyS = 8, SpentUsageUsd = 0.01,
    };

    private static TurnRecord Turn(int sequence, double? latencyMs, double? usageUsd) => new()
    {
        DialogueId = "kitchen-42", Sequence = sequence, Prompt = "p", Task = "Query", LatencyMs = latencyMs, UsageUsd = usageUsd,
    };
}
