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

/// <summary>
/// `policy/progress`: where a policy command stands ("training", "evaluating", "activated", "candidate" (a retrained
/// policy held back because it scored worse; it waits for the administrator), "discarded", "failed", "busy"), when,
/// and after a retraining the candidate against the active policy.
/// </summary>
public sealed record PolicyProgressMessage(
    string State, double Fraction, string? Message = null, string? Version = null, DateTimeOffset? At = null, PolicyComparison? Comparison = null)
{
    public const string Training = "training";
    public const string Evaluating = "evaluating";
    public const string Activated = "activated";
    public const string Candidate = "candidate";
    public const string Discarded = "discarded";
    public const string Failed = "failed";
    public const string Busy = "busy";
}

/// <summary>
/// A retrained candidate and the active policy scored on the same evaluation: the same test dialogues, budgets, shield
/// and response estimator. <paramref name="WorseOn"/> names each measure where the candidate is worse (empty: activated).
/// </summary>
public sealed record PolicyComparison(
    double LatencyBudgetS, double UsageBudgetUsd, int TestDialogues, PolicyScore Active, PolicyScore Candidate, IReadOnlyList<string> WorseOn);

/// <summary>One policy's shielded evaluation: mean reward per dialogue, shares of dialogues over each budget, share of refused turns, reward as a share of the Oracle's.</summary>
public sealed record PolicyScore(
    string Version, double Reward, double LatencyViolationShare, double UsageViolationShare, double RefusedShare, double? OracleShare);
