namespace Tmo.Edge.Console.Formatting;

/// <summary>The judge's and its shadow answers' dropped-sample reasons (the daemon's `health` keys, docs/policy.md) in plain words.</summary>
public static class JudgeText
{
    /// <summary>The reasons in the order the page lists them, each shown even at zero so a missing one reads as none.</summary>
    public static IReadOnlyList<string> DropReasons { get; } = ["dropped_cap", "dropped_parse", "dropped_error", "dropped_circuit", "dropped_queue"];

    public static string DropReason(string key) => key switch
    {
        "dropped_cap" => "the judge's daily cap could not pay for the call",
        "dropped_parse" => "the judge's reply held no score",
        "dropped_error" => "the call failed or could not be stored",
        "dropped_circuit" => "the cloud circuit was open",
        "dropped_queue" => "the judge's queue was full",
        _ => Unknown(key),
    };

    /// <summary>The shadow answers' reasons in the order the page lists them.</summary>
    public static IReadOnlyList<string> ShadowDropReasons { get; } =
        ["dropped_stale", "dropped_cap", "dropped_unavailable", "dropped_parse", "dropped_error", "dropped_queue"];

    public static string ShadowDropReason(string key) => key switch
    {
        "dropped_stale" => "the device was not idle before the shadow went stale",
        "dropped_cap" => "the judge's daily cap could not pay for the call or its rating",
        "dropped_unavailable" => "the other side's runner or the judge was unavailable",
        "dropped_parse" => "the judge's reply held no score",
        "dropped_error" => "the call failed, fell back or could not be stored",
        "dropped_queue" => "the shadow queue was full",
        _ => Unknown(key),
    };

    // A reason added by a newer daemon still shows, in its own words.
    private static string Unknown(string key) =>
        key.StartsWith("dropped_", StringComparison.Ordinal) ? key["dropped_".Length..].Replace('_', ' ') : key.Replace('_', ' ');
}
