namespace Tmo.Edge.Policy.Evaluation;

/// <summary>Per-dialogue budgets at evaluation time (the reference's defaults: 30 s and 0.05 USD).</summary>
public sealed record EvaluationBudgets(double LatencyS, double UsageUsd)
{
    public static EvaluationBudgets Default { get; } = new(30, 0.05);

    public static EvaluationBudgets Tight { get; } = new(10, 0.01);
}
