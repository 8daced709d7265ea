namespace Tmo.Edge.Core.Runners;

/// <summary>
/// One turn to answer: the prompt, its task, the camera views (with their latest frames) to upload, and the latest
/// sensor readings (name to JSON) as context for the prompt.
/// </summary>
public sealed record RunnerRequest(
    string DialogueId,
    int Turn,
    string Prompt,
    string Task,
    IReadOnlyList<int> Views,
    IReadOnlyList<CameraFrame> Frames,
    IReadOnlyDictionary<string, string> Sensors)
{
    /// <summary>Where the turn's answers go; a runner that streams publishes its partial answers there.</summary>
    public Messaging.ReplyRoute? Reply { get; init; }
}

/// <summary>The latest frame of one camera view.</summary>
public sealed record CameraFrame(int View, ReadOnlyMemory<byte> Image, string MediaType, DateTimeOffset ReceivedAt);

/// <summary>
/// The most a call may cost. The shield plans with it and the runner guarantees never to charge more (a replayed
/// turn knows its cost exactly; a real runner enforces it with a timeout and a token limit).
/// </summary>
public readonly record struct CostQuote(double LatencyS, double UsageUsd);

/// <summary>
/// An answer and what it cost. Score is the recorded response quality where one exists (replay); Generation is how
/// the model produced it, where the runner measures that (real LLMs), for the live cost model. FellBack is true when
/// the runner failed and another answered for it (the cloud's local fallback): the cost is not this runner's.
/// </summary>
public sealed record RunnerResult(
    string Text,
    double LatencyS,
    double UsageUsd,
    double EnergyJ,
    double? Score = null,
    GenerationStats? Generation = null,
    bool FellBack = false);

/// <summary>What one LLM call measured: tokens in and out, time to the first token and the decode rate.</summary>
public sealed record GenerationStats(int TokensIn, int TokensOut, TimeSpan TimeToFirstToken, double TokensPerSecond);

/// <summary>An LLM backend the decision loop can send a turn to.</summary>
public interface ILlmRunner
{
    RunnerLocation Location { get; }

    string Name { get; }

    /// <summary>Why the runner cannot take a turn right now (overheated, model not loaded, circuit open), or null.</summary>
    string? Unavailable { get; }

    CostQuote Quote(RunnerRequest request);

    /// <param name="request">The turn.</param>
    /// <param name="ceiling">
    /// The quote the shield planned with: the call must not take longer or charge more (a real runner stops generating
    /// or gives up at the ceiling, and reports what it did spend).
    /// </param>
    /// <param name="cancellationToken">Daemon shutdown.</param>
    Task<RunnerResult> RunAsync(RunnerRequest request, CostQuote ceiling, CancellationToken cancellationToken);
}
