namespace Tmo.Edge.Policy.Decisions;

/// <summary>
/// The safety shield (beyond the paper). An action is allowed only when it is feasible and there is one feasible
/// fallback action f such that, in both budgets, cost(action) + laterTurns x cost(f) fits what remains.
/// By induction f itself then passes the same test at every later turn, so a dialogue that follows the shield never
/// exceeds its budgets (up to <c>laterTurns</c> more turns; past that each turn still has to fit on its own).
/// When nothing is allowed the caller answers with a budget-exhausted error instead of overspending.
/// </summary>
public static class BudgetShield
{
    // Keeps cumulative floating-point sums from crossing a budget by an ulp.
    private const double Margin = 1e-12;

    /// <summary>Fills <paramref name="allowed"/> and <paramref name="masked"/>; returns how many actions were masked.</summary>
    public static int Apply(
        ReadOnlySpan<double> expectedLatencyS,
        ReadOnlySpan<double> expectedUsageUsd,
        ReadOnlySpan<bool> feasible,
        double remainingLatencyS,
        double remainingUsageUsd,
        int laterTurns,
        Span<bool> allowed,
        Span<MaskedAction> masked)
    {
        var actions = expectedLatencyS.Length;
        if (expectedUsageUsd.Length != actions || allowed.Length < actions || (!feasible.IsEmpty && feasible.Length != actions))
        {
            throw new ArgumentException("Cost, feasibility and output spans must cover every action.", nameof(expectedUsageUsd));
        }

        var reserveTurns = Math.Max(0, laterTurns);
        var latencyLimit = remainingLatencyS - Margin;
        var usageLimit = remainingUsageUsd - Margin;
        var count = 0;
        for (var a = 0; a < actions; a++)
        {
            MaskReason? reason = null;
            if (!IsFeasible(feasible, a))
            {
                reason = MaskReason.Infeasible;
            }
            else if (!HasFallback(a, expectedLatencyS, expectedUsageUsd, feasible, latencyLimit, usageLimit, reserveTurns))
            {
                reason = BindingBudget(a, expectedLatencyS, expectedUsageUsd, feasible, latencyLimit, reserveTurns);
            }

            allowed[a] = reason is null;
            if (reason is { } r)
            {
                masked[count++] = new MaskedAction(a, r);
            }
        }

        return count;
    }

    private static bool HasFallback(
        int action, ReadOnlySpan<double> latency, ReadOnlySpan<double> usage, ReadOnlySpan<bool> feasible,
        double latencyLimit, double usageLimit, int reserveTurns)
    {
        for (var f = 0; f < latency.Length; f++)
        {
            if (IsFeasible(feasible, f)
                && latency[action] + (reserveTurns * latency[f]) <= latencyLimit
                && usage[action] + (reserveTurns * usage[f]) <= usageLimit)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Latency when even the fastest feasible fallback overruns it, otherwise usage.</summary>
    private static MaskReason BindingBudget(
        int action, ReadOnlySpan<double> latency, ReadOnlySpan<double> usage, ReadOnlySpan<bool> feasible,
        double latencyLimit, int reserveTurns)
    {
        var fastest = double.PositiveInfinity;
        for (var f = 0; f < latency.Length; f++)
        {
            if (IsFeasible(feasible, f))
            {
                fastest = Math.Min(fastest, latency[f]);
            }
        }

        return latency[action] + (reserveTurns * fastest) > latencyLimit ? MaskReason.LatencyBudget : MaskReason.UsageBudget;
    }

    private static bool IsFeasible(ReadOnlySpan<bool> feasible, int action) => feasible.IsEmpty || feasible[action];
}
