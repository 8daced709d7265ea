using Tmo.Edge.Core.Turns;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Data.Journal;

/// <summary>How a turn ended: the decision, what it cost and the response (or why there is none).</summary>
public sealed record TurnOutcome
{
    public required TurnStatus Status { get; init; }

    public int? Action { get; init; }

    /// <summary><see cref="ExecutionLocation.Local"/> or <see cref="ExecutionLocation.Cloud"/>; required with a usage cost.</summary>
    public string? Location { get; init; }

    public IReadOnlyList<int> Views { get; init; } = [];

    public IReadOnlyList<float> Probabilities { get; init; } = [];

    public IReadOnlyList<MaskedActionRecord> Masked { get; init; } = [];

    public double? LatencyMs { get; init; }

    public double? UsageUsd { get; init; }

    public double? EnergyJ { get; init; }

    /// <summary>
    /// The UTC day the ledger books <see cref="UsageUsd"/> on: for a cloud call, the day whose cap admitted it, so a
    /// call that ends after midnight (or after the clock was stepped) counts where it was reserved. Null: the day the
    /// turn completes.
    /// </summary>
    public DateOnly? SpendDay { get; init; }

    public string? ResponseText { get; init; }

    public string? PolicyVersion { get; init; }

    public string? Error { get; init; }

    internal void Validate()
    {
        if (Status == TurnStatus.Pending)
        {
            throw new ArgumentException("A completed turn is answered, refused or failed, not pending.", nameof(Status));
        }

        if (Location is not null && !ExecutionLocation.IsKnown(Location))
        {
            throw new ArgumentException($"Location '{Location}' is neither '{ExecutionLocation.Local}' nor '{ExecutionLocation.Cloud}'.", nameof(Location));
        }

        ThrowIfNegative(LatencyMs, nameof(LatencyMs));
        ThrowIfNegative(UsageUsd, nameof(UsageUsd));
        ThrowIfNegative(EnergyJ, nameof(EnergyJ));

        // The ledger books usage by where it was spent.
        if (UsageUsd > 0 && Location is null)
        {
            throw new ArgumentException("A turn with a usage cost needs its Location.", nameof(Location));
        }
    }

    private static void ThrowIfNegative(double? value, string name)
    {
        if (value is { } v && (!double.IsFinite(v) || v < 0))
        {
            throw new ArgumentOutOfRangeException(name, v, "Costs are finite and non-negative.");
        }
    }
}
