using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Core.Runners;

namespace Tmo.Edge.Daemon.Ingress;

/// <summary>A parsed inbound message: one of the cases below.</summary>
public abstract record InboundMessageKind;

/// <summary>A user turn from `in/prompt` or a transcribed `in/voice`.</summary>
public sealed record PromptRequest(string DialogueId, string Text, string? Task, string? RequestId) : InboundMessageKind;

/// <summary>A spoken turn from `in/voice` as WAV audio, to be transcribed into a prompt.</summary>
public sealed record AudioRequest(string DialogueId, ReadOnlyMemory<byte> Wav, string? RequestId) : InboundMessageKind;

public sealed record FrameUpdate(CameraFrame Frame) : InboundMessageKind;

public sealed record SensorUpdate(string Name, string Json) : InboundMessageKind;

public sealed record ReloadRequest : InboundMessageKind;

public sealed record BudgetRequest(BudgetCommand Command) : InboundMessageKind;

public sealed record PolicyRequest(PolicyCommand Command) : InboundMessageKind;

public sealed record Rejection(string Reason) : InboundMessageKind;
