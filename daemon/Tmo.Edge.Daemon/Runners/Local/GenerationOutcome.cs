namespace Tmo.Edge.Daemon.Runners.Local;

/// <summary>One generation: the answer, what it measured, and why it stopped.</summary>
public sealed record GenerationOutcome(
    string Text,
    int TokensIn,
    int TokensOut,
    TimeSpan TimeToFirstToken,
    double TokensPerSecond,
    GenerationStop Stop,
    TimeSpan Elapsed);

/// <summary>Why a generation ended.</summary>
public enum GenerationStop
{
    /// <summary>The model ended its answer (end of generation token).</summary>
    Finished,

    /// <summary>The token limit (or the context's room) was reached.</summary>
    MaxTokens,

    /// <summary>The latency ceiling was reached.</summary>
    Deadline,
}
