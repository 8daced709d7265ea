namespace Tmo.Edge.Core.Runners;

/// <summary>Where an answer is computed: the on-device LLM or the cloud LLM.</summary>
public enum RunnerLocation
{
    Local,
    Cloud,
}

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
    IReadOnlyDictionary<string, string> Sensors);

/// <summary>The latest frame of one camera view.</summary>
public sealed record CameraFrame(int View, ReadOnlyMemory<byte> Image, string MediaType, DateTimeOffset ReceivedAt);

/// <summary>
/// The most a call may cost. The shield plans with it and the runner guarantees never to charge more (a replayed
/// turn knows its cost exactly; a real runner enforces it with a timeout and a token limit).
/// </summary>
public readonly record struct CostQuote(double LatencyS, double UsageUsd);

/// <summary>An answer and what it cost. Score is the recorded response quality where one exists (replay).</summary>
public sealed record RunnerResult(string Text, double LatencyS, double UsageUsd, double EnergyJ, double? Score = null);

/// <summary>An LLM backend the decision loop can send a turn to.</summary>
public interface ILlmRunner
{
    RunnerLocation Location { get; }

    string Name { get; }

    /// <summary>Why the runner cannot take a turn right now (overheated, model not loaded, circuit open), or null.</summary>
    string? Unavailable { get; }

    CostQuote Quote(RunnerRequest request);

    Task<RunnerResult> RunAsync(RunnerRequest request, CancellationToken cancellationToken);
}
