namespace Tmo.Edge.Policy.Decisions;

/// <summary>
/// The safety shield (beyond the paper), two rules of different strength.
/// <list type="number">
/// <item>Hard, a guarantee: an action is allowed only when it is feasible and its cost ceiling fits the remaining
/// budgets on its own. A dialogue that follows the shield never exceeds its budgets, whatever its length.</item>
/// <item>Soft, a preference: among those, keep the actions that leave room for the most of the reserve's later turns
/// (up to <see cref="LaterTurnReserve.Turns"/>), each at the cost of some action a typical later turn could fall back
/// to. With no room for a single later turn every fitting action stays allowed: the soft rule never refuses.</item>
/// </list>
/// A turn is refused (every action masked) only when no feasible action fits on its own.
/// </summary>
/// <remarks>
/// The first design reserved the maximum dialogue length at the current turn's cheapest quote and refused when no
/// action left that reserve: measured, it refused 10 % of turns and 16 % of first turns with the whole budget left.
/// </remarks>
public static class BudgetShield
{
    // Keeps cumulative floating-point sums from crossing a budget by an ulp.
    private const double Margin = 1e-12;

    /// <summary>Fills <paramref name="allowed"/> and <paramref name="masked"/> (both indexed by action).</summary>
    public static ShieldOutcome Apply(
        ReadOnlySpan<double> latencyS,
        ReadOnlySpan<double> usageUsd,
        ReadOnlySpan<bool> feasible,
        double remainingLatencyS,
        double remainingUsageUsd,
        in LaterTurnReserve reserve,
        Span<bool> allowed,
        Span<MaskedAction> masked)
    {
        var actions = latencyS.Length;
        if (usageUsd.Length != actions || allowed.Length < actions || masked.Length < actions || (!feasible.IsEmpty && feasible.Length != actions))
        {
            throw new ArgumentException("Cost, feasibility and output spans must cover every action.", nameof(usageUsd));
        }

        if (reserve.Turns > 0 && (reserve.LatencyS.Length != actions || reserve.UsageUsd.Length != actions))
        {
            throw new ArgumentException("A reserve's typical costs must cover every action.", nameof(reserve));
        }

        var budget = new Room(remainingLatencyS - Margin, remainingUsageUsd - Margin);
        var reservedTurns = -1;
        for (var a = 0; a < actions; a++)
        {
            allowed[a] = IsFeasible(feasible, a) && budget.Fits(latencyS[a], usageUsd[a]);
            if (allowed[a])
            {
                reservedTurns = Math.Max(reservedTurns, TurnsLeftFor(a, latencyS, usageUsd, feasible, budget, reserve));
            }
        }

        var count = 0;
        for (var a = 0; a < actions; a++)
        {
            MaskReason? reason =
                !IsFeasible(feasible, a) ? MaskReason.Infeasible
                : latencyS[a] > budget.LatencyS ? MaskReason.LatencyBudget
                : usageUsd[a] > budget.UsageUsd ? MaskReason.UsageBudget
                : TurnsLeftFor(a, latencyS, usageUsd, feasible, budget, reserve) < reservedTurns ? ReserveReason(a, latencyS, feasible, budget, reserve, reservedTurns)
                : null;
            allowed[a] = reason is null;
            if (reason is { } r)
            {
                masked[count++] = new MaskedAction(a, r);
            }
        }

        return new ShieldOutcome(count, Math.Max(0, reservedTurns), Refused: reservedTurns < 0);
    }

    /// <summary>
    /// The cheapest feasible ceiling, by the share of the remaining budgets it would take (the larger of its two
    /// shares): what a refusal names. Null when no action is feasible.
    /// </summary>
    public static int? CheapestFeasible(ReadOnlySpan<double> latencyS, ReadOnlySpan<double> usageUsd, ReadOnlySpan<bool> feasible, double remainingLatencyS, double remainingUsageUsd)
    {
        int? cheapest = null;
        var cheapestShare = double.PositiveInfinity;
        for (var a = 0; a < latencyS.Length; a++)
        {
            var share = Math.Max(Share(latencyS[a], remainingLatencyS), Share(usageUsd[a], remainingUsageUsd));
            if (IsFeasible(feasible, a) && share < cheapestShare)
            {
                (cheapest, cheapestShare) = (a, share);
            }
        }

        return cheapest;
    }

    private static double Share(double cost, double remaining) =>
        cost <= 0 ? 0 : remaining <= 0 ? double.PositiveInfinity : cost / remaining;

    /// <summary>How many of the reserve's later turns still fit after <paramref name="action"/> (0 to reserve.Turns).</summary>
    private static int TurnsLeftFor(
        int action, ReadOnlySpan<double> latencyS, ReadOnlySpan<double> usageUsd, ReadOnlySpan<bool> feasible, Room budget, in LaterTurnReserve reserve)
    {
        var after = new Room(budget.LatencyS - latencyS[action], budget.UsageUsd - usageUsd[action]);
        for (var turns = reserve.Turns; turns > 0; turns--)
        {
            for (var f = 0; f < latencyS.Length; f++)
            {
                if (IsFeasible(feasible, f) && after.Fits(turns * reserve.LatencyS[f], turns * reserve.UsageUsd[f]))
                {
                    return turns;
                }
            }
        }

        return 0;
    }

    /// <summary>Latency when even the fastest typical fallback leaves too little latency, otherwise usage.</summary>
    private static MaskReason ReserveReason(
        int action, ReadOnlySpan<double> latencyS, ReadOnlySpan<bool> feasible, Room budget, in LaterTurnReserve reserve, int reservedTurns)
    {
        var fastest = double.PositiveInfinity;
        for (var f = 0; f < latencyS.Length; f++)
        {
            if (IsFeasible(feasible, f))
            {
                fastest = Math.Min(fastest, reserve.LatencyS[f]);
            }
        }

        return latencyS[action] + (reservedTurns * fastest) > budget.LatencyS ? MaskReason.LatencyReserve : MaskReason.UsageReserve;
    }

    private static bool IsFeasible(ReadOnlySpan<bool> feasible, int action) => feasible.IsEmpty || feasible[action];

    private readonly record struct Room(double LatencyS, double UsageUsd)
    {
        public bool Fits(double latencyS, double usageUsd) => latencyS <= LatencyS && usageUsd <= UsageUsd;
    }
}

/// <summary>
/// How many actions the shield masked, how many later turns the allowed ones leave room for, and whether the turn is
/// refused (no feasible action fits the remaining budgets on its own).
/// </summary>
public readonly record struct ShieldOutcome(int MaskedCount, int ReservedTurns, bool Refused);
