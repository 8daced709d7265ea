using System.Text.Json;
using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Core.Runners;
using Tmo.Edge.Core.Turns;
using Tmo.Edge.Daemon.Dialogues;

namespace Tmo.Edge.Daemon.Decisions;

/// <summary>Turns a decided turn into its MQTT payloads (the journal records the same outcome as it is).</summary>
public static class ResponseComposer
{
    public static byte[] Decision(string dialogueId, int turn, TurnOutcome outcome) =>
        JsonSerializer.SerializeToUtf8Bytes(DecisionPayload(outcome) with { DialogueId = dialogueId, Turn = turn }, ContractJsonContext.Default.DecisionPayload);

    public static byte[] Response(DialogueState dialogue, int turn, string task, TurnOutcome outcome) =>
        JsonSerializer.SerializeToUtf8Bytes(
            new ResponseMessage(
                dialogue.Id,
                turn,
                outcome.Text,
                DecisionPayload(outcome),
                outcome.LatencyS * 1000,
                outcome.UsageUsd,
                outcome.EnergyJ,
                new RemainingPayload(dialogue.RemainingLatencyS, dialogue.RemainingUsageUsd),
                outcome.Error,
                task),
            ContractJsonContext.Default.ResponseMessage);

    private static DecisionPayload DecisionPayload(TurnOutcome outcome) => new(
        outcome.Action,
        RunnerLocations.ToText(outcome.Location),
        outcome.Views,
        outcome.PolicyVersion,
        outcome.Probabilities,
        outcome.Masked.Select(m => new MaskedPayload(m.Action, m.Reason)).ToArray());
}
