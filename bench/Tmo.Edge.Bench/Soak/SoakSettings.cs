using System.Globalization;

namespace Tmo.Edge.Bench.Soak;

/// <summary>
/// What `make soak` runs, from the environment: SOAK_MINUTES (30), SOAK_RATE prompts/s (100), SOAK_SAMPLE_S (5),
/// SOAK_WARMUP_MINUTES (a fifth of the run, at most 5), SOAK_WINDOW_S for the p99 windows (60), and
/// SOAK_IDLE_TIMEOUT for the daemon's dialogue idle timeout (00:02:00; see <see cref="DialogueIdleTimeout"/>).
/// </summary>
internal sealed record SoakSettings(
    TimeSpan Duration,
    double PromptsPerSecond,
    TimeSpan SampleInterval,
    TimeSpan WarmUp,
    TimeSpan Window,
    TimeSpan DialogueIdleTimeout)
{
    // The thresholds the run is judged by (after warm-up, slopes per hour).
    public const double MaxMemorySlopeMiBPerHour = 5;
    public const double MaxHandleSlopePerHour = 6;
    public const double MaxThreadSlopePerHour = 6;
    public const double MaxP99Ratio = 1.5;

    public static SoakSettings FromEnvironment()
    {
        var minutes = Number("SOAK_MINUTES", 30);
        return new SoakSettings(
            TimeSpan.FromMinutes(minutes),
            Number("SOAK_RATE", 100),
            TimeSpan.FromSeconds(Number("SOAK_SAMPLE_S", 5)),
            TimeSpan.FromMinutes(Number("SOAK_WARMUP_MINUTES", Math.Min(5, minutes / 5))),
            TimeSpan.FromSeconds(Number("SOAK_WINDOW_S", 60)),
            // The daemon keeps a dialogue's state until it has been idle this long (30 min in production): a shorter
            // timeout lets that cache reach its steady size within the warm-up, so what grows after it is a leak.
            TimeSpan.Parse(Environment.GetEnvironmentVariable("SOAK_IDLE_TIMEOUT") ?? "00:02:00", CultureInfo.InvariantCulture));
    }

    private static double Number(string name, double fallback) =>
        double.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : fallback;
}
