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

    /// <summary>
    /// Writes which actions the agent may take in the current state (length <see cref="ActionCount"/>). Learners
    /// sample only among them and compute log-probabilities and entropy on the masked distribution
    /// (invalid-action masking, Huang and Ontañón 2020). By default every action is allowed.
    /// </summary>
    void WriteAllowedActions(Span<bool> allowed) => allowed.Fill(true);
}

/// <summary>Outcome of one environment step. Episodes end only by termination (no time-limit truncation).</summary>
public readonly record struct EnvironmentStep(float Reward, bool Done);
