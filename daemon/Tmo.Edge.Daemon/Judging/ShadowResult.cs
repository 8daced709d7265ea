namespace Tmo.Edge.Daemon.Judging;

/// <summary>How a shadow drawn for a judged turn ended; the metric label is <see cref="ShadowResults.Label"/>.</summary>
public enum ShadowResult
{
    /// <summary>Answered, rated by the judge and stored.</summary>
    Stored,

    /// <summary>The shadow queue was full.</summary>
    DroppedQueue,

    /// <summary>The device was not idle enough before the shadow went stale.</summary>
    DroppedStale,

    /// <summary>The judge's daily cap could not pay the cloud call or its rating.</summary>
    DroppedCap,

    /// <summary>The other side's runner (or the judge's circuit) was unavailable.</summary>
    DroppedUnavailable,

    /// <summary>The judge replied without one score in 1-10.</summary>
    DroppedParse,

    /// <summary>The call or the rating failed, the cloud fell back to the local LLM, or the shadow could not be stored.</summary>
    DroppedError,
}

public static class ShadowResults
{
    public static IReadOnlyList<ShadowResult> All { get; } = Enum.GetValues<ShadowResult>();

    public static string Label(this ShadowResult result) => result switch
    {
        ShadowResult.Stored => "stored",
        ShadowResult.DroppedQueue => "dropped_queue",
        ShadowResult.DroppedStale => "dropped_stale",
        ShadowResult.DroppedCap => "dropped_cap",
        ShadowResult.DroppedUnavailable => "dropped_unavailable",
        ShadowResult.DroppedParse => "dropped_parse",
        ShadowResult.DroppedError => "dropped_error",
        _ => throw new ArgumentOutOfRangeException(nameof(result), result, null),
    };

    /// <summary>What a judge's verdict on the shadow's answer means for the shadow.</summary>
    public static ShadowResult Of(JudgeResult rating) => rating switch
    {
        JudgeResult.Rated => ShadowResult.Stored,
        JudgeResult.DroppedCap => ShadowResult.DroppedCap,
        JudgeResult.DroppedParse => ShadowResult.DroppedParse,
        JudgeResult.DroppedCircuit => ShadowResult.DroppedUnavailable,
        _ => ShadowResult.DroppedError,
    };
}
