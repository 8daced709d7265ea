using System.Globalization;

namespace Tmo.Edge.Daemon.Learning;

/// <summary>
/// Whether a round may run now: enough new rated turns since the last round and enough held-out dialogues to judge
/// on, no other training running, the lanes idle long enough, the hottest zone the configured margin below the
/// thermal limit and the GPU not busy. A reading the device cannot take (no telemetry) does not hold a round back.
/// </summary>
public static class LearningGate
{
    /// <summary>Null when a round may run; else what it waits for.</summary>
    /// <param name="newRatedTurns">Rated turns that came after the last round (<see cref="DeviceDialogues.RatedTurnsSince"/>).</param>
    public static LearningState? Blocker(LearningOptions options, DeviceDialogues evidence, int newRatedTurns, DeviceActivity activity)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(activity);
        var missing = options.RetrainAfterRatedTurns - newRatedTurns;
        if (missing > 0)
        {
            return new(LearningState.WaitingForRatedTurns, F($"{missing} more rated turns ({evidence.RatedTurns} rated, {newRatedTurns} new since the last round)"));
        }

        if (evidence.HeldOutDialogues < options.MinHeldOutDialogues)
        {
            return new(LearningState.WaitingForRatedTurns, F($"{options.MinHeldOutDialogues - evidence.HeldOutDialogues} more held-out dialogues ({evidence.HeldOutDialogues} of {options.MinHeldOutDialogues})"));
        }

        if (activity.TrainingRunning)
        {
            return new(LearningState.WaitingForTraining, "a retraining from the console is running");
        }

        if (activity.IdleFor is not { } idle || idle < options.Idle)
        {
            return new(LearningState.WaitingForIdle, activity.IdleFor is { } since
                ? F($"idle {since.TotalSeconds:0} s of {options.IdleSeconds} s")
                : "a turn is in flight");
        }

        var coolBelow = activity.ThermalLimitC - options.CoolMarginC;
        if (activity.HottestC is { } celsius && celsius >= coolBelow)
        {
            return new(LearningState.WaitingForCool, F($"{celsius:0.0} C, cool below {coolBelow:0.#} C"));
        }

        if (activity.GpuLoadPercent is { } load && load > options.MaxGpuLoadPercent)
        {
            return new(LearningState.WaitingForCool, F($"GPU {load:0} % busy, at most {options.MaxGpuLoadPercent:0} %"));
        }

        return null;
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
