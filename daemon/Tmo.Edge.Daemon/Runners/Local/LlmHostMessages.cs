using System.Text.Json.Serialization;

namespace Tmo.Edge.Daemon.Runners.Local;

/// <summary>
/// Daemon to model host: answer this prompt within the deadline; with a stream interval, send the text generated so far
/// back in chunks at most that often (0: every token).
/// </summary>
public sealed record GenerateRequest(int Id, string SystemPrompt, string Prompt, int MaxTokens, double DeadlineSeconds, double? StreamIntervalSeconds);

/// <summary>Model host to daemon: one of the replies below.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(HostReady), "ready")]
[JsonDerivedType(typeof(HostToken), "token")]
[JsonDerivedType(typeof(HostDone), "done")]
[JsonDerivedType(typeof(HostFailed), "failed")]
public abstract record HostReply;

/// <summary>The model is loaded and the host takes requests.</summary>
public sealed record HostReady(string ModelName, int ContextSize, string? Architecture) : HostReply;

/// <summary>Text generated since the last chunk while request <see cref="Id"/> runs, and the tokens generated so far.</summary>
public sealed record HostToken(int Id, string Text, int Tokens) : HostReply;

/// <summary>Request <see cref="Id"/> is answered.</summary>
public sealed record HostDone(
    int Id,
    string Text,
    int TokensIn,
    int TokensOut,
    double TimeToFirstTokenS,
    double TokensPerSecond,
    GenerationStop Stop,
    double ElapsedS) : HostReply;

/// <summary>Request <see cref="Id"/> failed (0: loading the model failed and the host exits).</summary>
public sealed record HostFailed(int Id, string Reason) : HostReply;
