using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Core.Messaging;
using Tmo.Edge.Core.Runners;

namespace Tmo.Edge.Daemon.Ingress;

/// <summary>A parsed inbound message: one of the cases below.</summary>
public abstract record InboundMessageKind;

/// <summary>A user turn from an account's `in/prompt` or a transcribed `in/voice`, answered on <see cref="Reply"/>.</summary>
public sealed record PromptRequest(ReplyRoute Reply, string DialogueId, string Text, string? Task, string? RequestId) : InboundMessageKind;

/// <summary>A spoken turn from an account's `in/voice` as WAV audio, to be transcribed into a prompt.</summary>
public sealed record AudioRequest(ReplyRoute Reply, string DialogueId, ReadOnlyMemory<byte> Wav, string? RequestId) : InboundMessageKind;

/// <summary>
/// An account's rating of the answer to turn <see cref="Turn"/> (1-based) of one of its dialogues, from `in/feedback`:
/// <see cref="Score"/> in [0, 1], "up" being 1 and "down" 0.
/// </summary>
public sealed record FeedbackRequest(string Account, string DialogueId, int Turn, double Score) : InboundMessageKind;

/// <summary>A camera frame for the account's own prompts.</summary>
public sealed record FrameUpdate(string Account, CameraFrame Frame) : InboundMessageKind;

/// <summary>A sensor reading for the account's own prompts.</summary>
public sealed record SensorUpdate(string Account, string Name, string Json) : InboundMessageKind;

public sealed record ReloadRequest : InboundMessageKind;

public sealed record BudgetRequest(BudgetCommand Command) : InboundMessageKind;

public sealed record PolicyRequest(PolicyCommand Command) : InboundMessageKind;

/// <summary>
/// A message refused with a reason a device developer can act on; <see cref="Account"/> is the sender's account when
/// the topic names one, so the refusal is also published where that account can read it.
/// </summary>
public sealed record Rejection(string Reason, string? Account = null) : InboundMessageKind;
