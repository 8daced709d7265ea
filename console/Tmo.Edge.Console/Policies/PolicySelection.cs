namespace Tmo.Edge.Console.Policies;

/// <summary>One candidate `policy train --algo auto` trained, with its shielded reward per validation budget pair.</summary>
public sealed record SelectionCandidate(string Method, int Seed, IReadOnlyList<double> ValidationRewards, double ViolationShare, double RefusedShare, double MeanReward);

/// <summary>A validation budget pair of the selection.</summary>
public sealed record SelectionBudget(double LatencyS, double UsageUsd);

/// <summary>The candidates' validation table kept in an auto-selected checkpoint ("selection"), and which one ships.</summary>
public sealed record PolicySelection(double ValidationShare, IReadOnlyList<SelectionBudget> Budgets, IReadOnlyList<SelectionCandidate> Candidates, SelectionCandidate? Shipped)
{
    public bool IsShipped(SelectionCandidate candidate) =>
        Shipped is { } shipped && shipped.Method == candidate.Method && shipped.Seed == candidate.Seed;

    /// <summary>The checkpoint's selection, or null when it was trained for one method or cannot be read.</summary>
    public static async Task<PolicySelection?> ReadAsync(string checkpointPath, CancellationToken cancellationToken) =>
        (await JsonFile.TryReadAsync<Checkpoint>(checkpointPath, cancellationToken))?.Selection;

    private sealed record Checkpoint(PolicySelection? Selection);
}
