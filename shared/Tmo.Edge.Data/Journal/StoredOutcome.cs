using Tmo.Edge.Core.Runners;
using Tmo.Edge.Core.Turns;
using Tmo.Edge.Data.Records;
using Tmo.Edge.Policy.Decisions;

namespace Tmo.Edge.Data.Journal;

/// <summary>
/// The storage boundary of a <see cref="TurnOutcome"/>: its fields as the Turns columns hold them (latency in
/// milliseconds, a refusal's action as NULL, the location as the text <see cref="RunnerLocations"/> writes) and back.
/// The schema predates the shared outcome, so the units convert here and nowhere else.
/// </summary>
public static class StoredOutcome
{
    private const double MillisecondsPerSecond = 1000;

    /// <summary>The Action column: the action taken, NULL for a refusal.</summary>
    public static int? Action(TurnOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.Action < 0 ? null : outcome.Action;
    }

    /// <summary>The LatencyMs column.</summary>
    public static double LatencyMs(TurnOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.LatencyS * MillisecondsPerSecond;
    }

    /// <summary>The turn's measured latency in seconds, from its LatencyMs column (0 when none was recorded).</summary>
    public static double LatencyS(TurnRecord turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        return (turn.LatencyMs ?? 0) / MillisecondsPerSecond;
    }

    /// <summary>
    /// The outcome as recorded, to publish it again after a restart. The masked actions keep their reasons, not their
    /// kind, which is not stored (the payload does not carry it either); a record from before policy versions were
    /// kept gets <paramref name="fallbackPolicyVersion"/>.
    /// </summary>
    public static TurnOutcome Restore(TurnRecord turn, string fallbackPolicyVersion)
    {
        ArgumentNullException.ThrowIfNull(turn);
        return new TurnOutcome(
            turn.Status,
            turn.Action ?? -1,
            turn.Views,
            turn.Probabilities,
            turn.Masked.Select(m => new MaskedDecision(m.Action, MaskReason.Infeasible, m.Reason)).ToArray(),
            turn.ResponseText ?? string.Empty,
            LatencyS(turn),
            turn.UsageUsd ?? 0,
            turn.EnergyJ ?? 0,
            turn.PolicyVersion ?? fallbackPolicyVersion,
            turn.Error,
            TimeSpan.Zero);
    }

    /// <summary>What the journal will not book: a pending outcome, negative or non-finite costs, a cost with no location.</summary>
    internal static void Validate(TurnOutcome outcome)
    {
        if (outcome.Status == TurnStatus.Pending)
        {
            throw new ArgumentException("A completed turn is answered, refused or failed, not pending.", nameof(outcome));
        }

        ThrowIfNegative(outcome.LatencyS, nameof(TurnOutcome.LatencyS));
        ThrowIfNegative(outcome.UsageUsd, nameof(TurnOutcome.UsageUsd));
        ThrowIfNegative(outcome.EnergyJ, nameof(TurnOutcome.EnergyJ));

        // The ledger books usage by where it was spent.
        if (outcome.UsageUsd > 0 && outcome.Location is null)
        {
            throw new ArgumentException("A turn with a usage cost needs an action that ran somewhere.", nameof(outcome));
        }
    }

    private static void ThrowIfNegative(double value, string name)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw new ArgumentOutOfRangeException(name, value, "Costs are finite and non-negative.");
        }
    }
}
