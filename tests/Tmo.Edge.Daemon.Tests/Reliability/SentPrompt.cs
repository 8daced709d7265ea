namespace Tmo.Edge.Daemon.Tests.Reliability;

/// <summary>A prompt the broker acknowledged, when (on the device's <see cref="ResilientDevice.Clock"/>) and after how many publishes.</summary>
internal sealed record SentPrompt(string DialogueId, string RequestId, int Attempts, TimeSpan AcknowledgedAt);
