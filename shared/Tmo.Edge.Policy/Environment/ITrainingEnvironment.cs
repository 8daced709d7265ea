namespace Tmo.Edge.Policy.Environment;

/// <summary>
/// The episodic environment a learner trains on (a Gymnasium-style contract without allocation):
/// observations are written into caller-owned spans.
/// </summary>
public interface ITrainingEnvironment
{
    int ObservationLength { get; }

    int ActionCount { get; }

    /// <summary>Starts a new episode and writes its first observation.</summary>
    void Reset(Span<float> observation);

    /// <summary>
    /// Applies <paramref name="action"/>. When the episode continues, the next observation is written to
    /// <paramref name="nextObservation"/>; when it ends (<see cref="EnvironmentStep.Done"/>), the span holds the
    /// terminal filler (-1s) and the caller resets.
    /// </summary>
    EnvironmentStep Step(int action, Span<float> nextObservation);
}

/// <summary>Outcome of one environment step. Episodes end only by termination (no time-limit truncation).</summary>
public readonly record struct EnvironmentStep(float Reward, bool Done);
