namespace Tmo.Edge.Policy.Environment;

/// <summary>How RC training draws each episode's starting budgets (reference _sample_remaining_resources).</summary>
public enum BudgetDistribution
{
    /// <summary>Mean mid-range, sd = range / 6, clipped to the range (the reference default).</summary>
    Normal,

    Uniform,

    /// <summary>50 % normal, 30 % uniform, 10 % one budget near an edge, 10 % both near an edge.</summary>
    ExtremeAware,
}
