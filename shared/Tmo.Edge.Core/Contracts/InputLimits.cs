using System.Globalization;

namespace Tmo.Edge.Core.Contracts;

/// <summary>
/// The one table of ranges for budgets, device limits and feedback scores, wherever a value comes from: configuration
/// (Tmo:Budgets, Tmo:Telemetry, as <c>[Range]</c> constants), `cmd/budget`, `in/feedback` and the console's Budgets
/// page. Copied by hand they had drifted apart (the parser took a latency of 0.0001 s that configuration refused; the
/// console refused a thermal limit of 130 C that the daemon took).
/// </summary>
public static class InputLimits
{
    public const double MinLatencyS = 0.001;
    public const double MaxLatencyS = 86_400;
    public const double MaxDialogueUsageUsd = 1_000;
    public const double MaxDailyCloudCapUsd = 1_000_000;
    public const double MinThermalLimitC = 20;
    public const double MaxThermalLimitC = 150;
    public const double MaxPowerCapW = 10_000;
    public const double MaxMemoryMarginMB = 1 << 24;
    public const double MinFeedbackScore = 0;
    public const double MaxFeedbackScore = 1;

    public static InputRange LatencyS { get; } = new("latencyS", MinLatencyS, MaxLatencyS, "s");

    public static InputRange UsageUsd { get; } = new("usageUsd", 0, MaxDialogueUsageUsd, "USD");

    public static InputRange DailyCapUsd { get; } = new("dailyCapUsd", 0, MaxDailyCloudCapUsd, "USD");

    public static InputRange ThermalLimitC { get; } = new("thermalLimitC", MinThermalLimitC, MaxThermalLimitC, "C");

    /// <summary>0 turns the power check off.</summary>
    public static InputRange PowerCapW { get; } = new("powerCapW", 0, MaxPowerCapW, "W");

    public static InputRange MemoryMarginMB { get; } = new("memoryMarginMB", 0, MaxMemoryMarginMB, "MiB");

    /// <summary>`in/feedback`'s score, on the scale of the M4A1 ratings the policy learns from (docs/policy.md).</summary>
    public static InputRange FeedbackScore { get; } = new("score", MinFeedbackScore, MaxFeedbackScore, string.Empty);
}

/// <summary>A closed range [<paramref name="Min"/>, <paramref name="Max"/>] of one input, named as on the wire.</summary>
public sealed record InputRange(string Name, double Min, double Max, string Unit)
{
    /// <summary>Whether the value is in range; an absent value is (it changes nothing), NaN is not.</summary>
    public bool Admits(double? value) => value is not { } given || (given >= Min && given <= Max);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Name} in [{Min}, {Max}]{(Unit.Length > 0 ? " " : string.Empty)}{Unit}");
}
