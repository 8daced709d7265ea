namespace Tmo.Edge.Daemon.Tests.Ingress;

/// <summary>
/// The one place the tests of ingestion and limits spell an inbound topic, so a change of the topic contract is a
/// change here.
/// </summary>
internal static class InboundTopic
{
    public static string Prefix(string deviceId) => $"tmo/{deviceId}";

    /// <param name="relative">As in TopicLayout: "in/prompt", "in/camera/0", "cmd/budget". A device's `in/` topics are in its
    /// account's branch (the first test device's).</param>
    public static string Of(string deviceId, string relative) =>
        relative.StartsWith("in/", StringComparison.Ordinal)
            ? $"{Prefix(deviceId)}/users/{Mqtt.TestLogins.Device}/{relative}"
            : $"{Prefix(deviceId)}/{relative}";
}
