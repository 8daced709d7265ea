namespace Tmo.Edge.Daemon.Judging;

/// <summary>How a sampled turn ended at the judge; the metric label is <see cref="JudgeResults.Label"/>.</summary>
public enum JudgeResult
{
    Rated,

    /// <summary>The day's judge cap could not pay the call's most possible cost.</summary>
    DroppedCap,

    /// <summary>The judge replied, but without one score in 1-10.</summary>
    DroppedParse,

    /// <summary>The call failed (HTTP error, timeout, broken reply) or the spend or rating could not be stored.</summary>
    DroppedError,

    /// <summary>The cloud circuit was open.</summary>
    DroppedCircuit,

    /// <summary>The judge's queue was full.</summary>
    DroppedQueue,
}

public static class JudgeResults
{
    public static IReadOnlyList<JudgeResult> All { get; } = Enum.GetValues<JudgeResult>();

    public static string Label(this JudgeResult result) => result switch
    {
        JudgeResult.Rated => "rated",
        JudgeResult.DroppedCap => "dropped_cap",
        JudgeResult.DroppedParse => "dropped_parse",
        JudgeResult.DroppedError => "dropped_error",
        JudgeResult.DroppedCircuit => "dropped_circuit",
        JudgeResult.DroppedQueue => "dropped_queue",
        _ => throw new ArgumentOutOfRangeException(nameof(result), result, null),
    };
}
