namespace Tmo.Edge.Core.Contracts;

/// <summary>`out/response`: the answer to a turn with the decision that produced it. Fields are a contract: add, never rename.</summary>
public sealed record ResponseMessage(
    string DialogueId,
    int Turn,
    string Text,
    DecisionPayload Decision,
    double LatencyMs,
    double UsageUsd,
    double EnergyJ,
    RemainingPayload Remaining,
    string? Error = null,
    string? Task = null);

/// <summary>`out/decision` and the decision inside a response. Action -1 means no action fitted the budgets.</summary>
public sealed record DecisionPayload(
    int Action,
    string Location,
    IReadOnlyList<int> Views,
    string PolicyVersion,
    IReadOnlyList<float> Probabilities,
    IReadOnlyList<MaskedPayload> Masked,
    string? DialogueId = null,
    int? Turn = null);

public sealed record MaskedPayload(int Action, string Reason);

public sealed record RemainingPayload(double LatencyS, double UsageUsd);

/// <summary>`error`: a rejected message, named by topic, with the reason.</summary>
public sealed record ErrorMessage(string Topic, string Reason, DateTimeOffset ReceivedAt, int Bytes);

/// <summary>`out/response/partial`: the answer so far while the model generates it (Tokens generated so far).</summary>
public sealed record PartialResponseMessage(string DialogueId, int Turn, string Text, int Tokens);

/// <summary>`policy/progress`: where a policy command stands ("training", "activated", "failed", "busy").</summary>
public sealed record PolicyProgressMessage(string State, double Fraction, string? Message = null, string? Version = null);
