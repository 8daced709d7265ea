namespace Tmo.Edge.Daemon.Tests.Ingress;

/// <summary>
/// The one place the tests of ingestion and limits spell an inbound topic, so a change of the topic contract is a
/// change here.
/// </summary>
internal static class InboundTopic
{
    public static string Prefix(string deviceId) => $"tmo/{deviceId}";

    /// <param name="relative">As in TopicLayout: "in/prompt", "in/camera/0", "cmd/budget".</param>
    public static string Of(string deviceId, string relative) => $"{Prefix(deviceId)}/{relative}";
}
