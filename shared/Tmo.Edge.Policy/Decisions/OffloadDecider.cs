using Tmo.Edge.Policy.Learning;

namespace Tmo.Edge.Policy.Decisions;

/// <summary>
/// The live decision API: observation, remaining budgets, expected cost of each action and a feasibility mask in;
/// the shielded action, the policy's probabilities and the masked actions with reasons out.
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
        var maskedCount = BudgetShield.Apply(
            request.ExpectedLatencyS,
            request.ExpectedUsageUsd,
            request.Feasible,
            request.RemainingLatencyS,
            request.RemainingUsageUsd,
            request.LaterTurns,
            _allowed,
            masked);

        var action = maskedCount == ActionCount ? -1 : policy.Decide(request.Observation, _allowed, probabilities);
        return new OffloadDecision(action, maskedCount);
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
    int laterTurns)
{
    public ReadOnlySpan<float> Observation { get; } = observation;

    public ReadOnlySpan<double> ExpectedLatencyS { get; } = expectedLatencyS;

    public ReadOnlySpan<double> ExpectedUsageUsd { get; } = expectedUsageUsd;

    /// <summary>Empty means every action is feasible.</summary>
    public ReadOnlySpan<bool> Feasible { get; } = feasible;

    public double RemainingLatencyS { get; } = remainingLatencyS;

    public double RemainingUsageUsd { get; } = remainingUsageUsd;

    /// <summary>How many more turns the dialogue may still have after this one (the shield's reserve).</summary>
    public int LaterTurns { get; } = laterTurns;
}

/// <summary>The chosen action (-1: no action fits the budgets, answer with a budget-exhausted error).</summary>
public readonly record struct OffloadDecision(int Action, int MaskedCount)
{
    public bool BudgetExhausted => Action < 0;
}
