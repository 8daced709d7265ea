using System.Text.Json;
using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Daemon.Dialogues;
using Tmo.Edge.Data.Records;
using DataOutcome = Tmo.Edge.Data.Journal.TurnOutcome;

namespace Tmo.Edge.Daemon.Decisions;

/// <summary>Turns a decided turn into its MQTT payloads and its journal record.</summary>
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

    public static DataOutcome Record(TurnOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return new DataOutcome
        {
            Status = outcome.Status,
            Action = outcome.Action < 0 ? null : outcome.Action,
            Location = outcome.Action < 0 ? null : outcome.Action == 0 ? ExecutionLocation.Local : ExecutionLocation.Cloud,
            Views = outcome.Views,
            Probabilities = outcome.Probabilities,
            Masked = outcome.Masked.Select(m => new MaskedActionRecord(m.Action, m.Reason)).ToArray(),
            LatencyMs = outcome.LatencyS * 1000,
            UsageUsd = outcome.UsageUsd,
            EnergyJ = outcome.EnergyJ,
            SpendDay = outcome.SpendDay,
            ResponseText = outcome.Text,
            PolicyVersion = outcome.PolicyVersion,
            Error = outcome.Error,
        };
    }

    /// <summary>
    /// The outcome as recorded, to publish it again after a restart (the inverse of <see cref="Record"/>; the masked
    /// actions keep their reasons, not their kind, which the payload does not carry).
    /// </summary>
    public static TurnOutcome Restore(TurnRecord turn, string fallbackPolicyVersion)
    {
        ArgumentNullException.ThrowIfNull(turn);
        return new TurnOutcome(
            turn.Status,
            turn.Action ?? -1,
            turn.Views,
            turn.Probabilities,
            turn.Masked.Select(m => new MaskedDecision(m.Action, Policy.Decisions.MaskReason.Infeasible, m.Reason)).ToArray(),
            turn.ResponseText ?? string.Empty,
            (turn.LatencyMs ?? 0) / 1000,
            turn.UsageUsd ?? 0,
            turn.EnergyJ ?? 0,
            turn.PolicyVersion ?? fallbackPolicyVersion,
            turn.Error,
            TimeSpan.Zero);
    }

    private static DecisionPayload DecisionPayload(TurnOutcome outcome) => new(
        outcome.Action,
        outcome.Location,
        outcome.Views,
        outcome.PolicyVersion,
        outcome.Probabilities,
        outcome.Masked.Select(m => new MaskedPayload(m.Action, m.Reason)).ToArray());
}
