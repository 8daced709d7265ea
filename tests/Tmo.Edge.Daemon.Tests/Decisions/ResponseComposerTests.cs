using System.Text.Json;
using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Core.Runners;
using Tmo.Edge.Core.Turns;
using Tmo.Edge.Daemon.Decisions;
using Tmo.Edge.Daemon.Dialogues;
using Tmo.Edge.Data.Journal;
using Tmo.Edge.Data.Records;
using Tmo.Edge.Policy.Decisions;

namespace Tmo.Edge.Daemon.Tests.Decisions;

/// <summary>What a decided turn becomes on the wire, and again after a restart from its journal record.</summary>
public sealed class ResponseComposerTests
{
    private static readonly TurnOutcome Answered = new(
        TurnStatus.Answered,
        Action: 3,
        Views: [1],
        Probabilities: [0.1f, 0.2f, 0.3f, 0.4f],
        Masked: [new MaskedDecision(0, MaskReason.Infeasible, "thermal: soc 87.5 C >= 85 C")],
        Text: "A red mug.",
        LatencyS: 1.25,
        UsageUsd: 0.004,
        EnergyJ: 2.5,
        PolicyVersion: "rc-a2c-1",
        Error: null,
        DecisionTime: TimeSpan.FromMilliseconds(3))
    {
        SpendDay = new DateOnly(2026, 3, 1),
    };

    private static readonly TurnOutcome Refused = new(
        TurnStatus.Refused, -1, [], [0.5f, 0.5f], [], string.Empty, 0, 0, 0, "rc-a2c-1", "budget exhausted: 0 s and 0 USD left", TimeSpan.Zero);

    [Fact]
    public void A_response_carries_the_answer_its_decision_its_costs_in_milliseconds_and_the_budgets_left()
    {
        var dialogue = new DialogueState("kitchen-1", latencyBudgetS: 30, usageBudgetUsd: 0.05);
        dialogue.Record(3, 0, 1.25, 0.004);

        var response = JsonSerializer.Deserialize(ResponseComposer.Response(dialogue, 2, "Describe", Answered), ContractJsonContext.Default.ResponseMessage)!;

        Assert.Equal(("kitchen-1", 2, "A red mug.", "Describe"), (response.DialogueId, response.Turn, response.Text, response.Task));
        Assert.Equal((1250, 0.004, 2.5), (response.LatencyMs, response.UsageUsd, response.EnergyJ));
        Assert.Equal(28.75, response.Remaining.LatencyS, 9);
        Assert.Equal(0.046, response.Remaining.UsageUsd, 9);
        Assert.Equal((3, "cloud", "rc-a2c-1"), (response.Decision.Action, response.Decision.Location, response.Decision.PolicyVersion));
        Assert.Equal([1], response.Decision.Views);
        Assert.Equal(new MaskedPayload(0, "thermal: soc 87.5 C >= 85 C"), Assert.Single(response.Decision.Masked));
        Assert.Null(response.Error);
    }

    [Fact]
    public void A_refusal_is_answered_with_no_action_no_location_and_its_reason()
    {
        var response = JsonSerializer.Deserialize(
            ResponseComposer.Response(new DialogueState("d", 1, 1), 1, "Query", Refused), ContractJsonContext.Default.ResponseMessage)!;

        Assert.Equal((-1, "none"), (response.Decision.Action, response.Decision.Location));
        Assert.Equal("budget exhausted: 0 s and 0 USD left", response.Error);
        Assert.Equal(string.Empty, response.Text);
    }

    [Fact]
    public void A_decision_names_its_dialogue_and_turn_and_the_policys_distribution_before_masking()
    {
        var decision = JsonSerializer.Deserialize(ResponseComposer.Decision("kitchen-1", 4, Answered), ContractJsonContext.Default.DecisionPayload)!;

        Assert.Equal(("kitchen-1", 4), (decision.DialogueId, decision.Turn));
        Assert.Equal([0.1f, 0.2f, 0.3f, 0.4f], decision.Probabilities);
    }

    [Fact]
    public void A_local_action_is_published_as_local()
    {
        var local = Answered with { Action = 0, Views = [] };

        Assert.Equal(RunnerLocation.Local, local.Location);
        Assert.Equal("local", JsonSerializer.Deserialize(ResponseComposer.Decision("d", 1, local), ContractJsonContext.Default.DecisionPayload)!.Location);
    }

    [Fact]
    public void An_outcome_restored_from_its_record_publishes_the_same_response_as_before_the_restart()
    {
        var dialogue = new DialogueState("kitchen-1", 30, 0.05);
        var restored = StoredOutcome.Restore(Stored(Answered), "fallback");

        Assert.Equal(ResponseComposer.Response(dialogue, 2, "Describe", Answered), ResponseComposer.Response(dialogue, 2, "Describe", restored));
        Assert.Equal(ResponseComposer.Decision("kitchen-1", 2, Answered), ResponseComposer.Decision("kitchen-1", 2, restored));
    }

    /// <summary>The turn as the journal stores it (the fields <see cref="StoredOutcome.Restore"/> reads).</summary>
    private static TurnRecord Stored(TurnOutcome outcome) => new()
    {
        DialogueId = "kitchen-1",
        Prompt = "what is this?",
        Task = "Describe",
        Status = outcome.Status,
        Action = StoredOutcome.Action(outcome),
        Location = outcome.Location,
        Views = [.. outcome.Views],
        Probabilities = [.. outcome.Probabilities],
        Masked = [.. outcome.Masked.Select(m => new MaskedActionRecord(m.Action, m.Reason))],
        LatencyMs = StoredOutcome.LatencyMs(outcome),
        UsageUsd = outcome.UsageUsd,
        EnergyJ = outcome.EnergyJ,
        ResponseText = outcome.Text,
        PolicyVersion = outcome.PolicyVersion,
        Error = outcome.Error,
    };
}
