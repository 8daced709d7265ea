using Tmo.Edge.Policy.Learning;

namespace Tmo.Edge.Policy.Decisions;

/// <summary>
/// The live decision API: observation, remaining budgets, expected cost of each action, a feasibility mask and the
/// reserve for later turns in; the shielded action, the policy's probabilities and the masked actions with reasons out.
/// Allocation-free; one instance per decision loop (not thread-safe).
/// </summary>
public sealed class OffloadDecider(IActionPolicy policy)
{
    private readonly bool[] _allowed = new bool[policy.ActionCount];

    public int ActionCount => policy.ActionCount;

    /// <param name="probabilities">Receives the policy's distribution before masking (length <see cref="ActionCount"/>).</param>
    /// <param name="masked">Receives the masked actions (length at least <see cref="ActionCount"/>).</param>
    public OffloadDecision Decide(in DecisionRequest request, Span<float> probabilities, Span<MaskedAction> masked)
    {
        var shield = BudgetShield.Apply(
            request.ExpectedLatencyS,
            request.ExpectedUsageUsd,
            request.Feasible,
            request.RemainingLatencyS,
            request.RemainingUsageUsd,
            request.Reserve,
            _allowed,
            masked);

        var action = shield.Refused ? -1 : policy.Decide(request.Observation, _allowed, probabilities);
        return new OffloadDecision(action, shield.MaskedCount, shield.ReservedTurns);
    }
}

/// <summary>What one turn's decision needs. Spans are indexed by action.</summary>
public readonly ref struct DecisionRequest(
    ReadOnlySpan<float> observation,
    ReadOnlySpan<double> expectedLatencyS,
    ReadOnlySpan<double> expectedUsageUsd,
    ReadOnlySpan<bool> feasible,
    double remainingLatencyS,
    double remainingUsageUsd,
    LaterTurnReserve reserve)
{
    public ReadOnlySpan<float> Observation { get; } = observation;

    public ReadOnlySpan<double> ExpectedLatencyS { get; } = expectedLatencyS;

    public ReadOnlySpan<double> ExpectedUsageUsd { get; } = expectedUsageUsd;

    /// <summary>Empty means every action is feasible.</summary>
    public ReadOnlySpan<bool> Feasible { get; } = feasible;

    public double RemainingLatencyS { get; } = remainingLatencyS;

    public double RemainingUsageUsd { get; } = remainingUsageUsd;

    /// <summary>What the shield would like to leave for the dialogue's expected later turns.</summary>
    public LaterTurnReserve Reserve { get; } = reserve;
}

/// <summary>
/// The chosen action (-1: no feasible action fits the dialogue's budgets on its own, answer with a budget-exhausted
/// error) and how many later turns it leaves room for.
/// </summary>
public readonly record struct OffloadDecision(int Action, int MaskedCount, int ReservedTurns)
{
    public bool BudgetExhausted => Action < 0;
}
