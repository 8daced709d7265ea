namespace Tmo.Edge.Core.Messaging;

/// <summary>
/// The topic tree `{prefix}/...` of DESIGN section 3, where the prefix defaults to `tmo/{deviceId}`.
/// </summary>
public sealed class TopicLayout(string prefix)
{
    public const string Status = "status";
    public const string Prompt = "in/prompt";
    public const string Voice = "in/voice";
    public const string CameraPrefix = "in/camera/";
    public const string SensorPrefix = "in/sensor/";
    public const string Response = "out/response";
    public const string PartialResponse = "out/response/partial";
    public const string Decision = "out/decision";
    public const string Telemetry = "telemetry";
    public const string Error = "error";
    public const string Reload = "cmd/reload";
    public const string Budget = "cmd/budget";
    public const string Policy = "cmd/policy";
    public const string PolicyProgress = "policy/progress";
    public const string Health = "health";

    public string Prefix { get; } = prefix.TrimEnd('/');

    /// <summary>What the daemon subscribes to: everything devices and the console send it.</summary>
    public IReadOnlyList<string> Subscriptions => [$"{Prefix}/in/#", $"{Prefix}/cmd/#"];

    public string Absolute(string relativeTopic) => $"{Prefix}/{relativeTopic}";

    /// <summary>The topic relative to the prefix, or null when it is outside the daemon's tree.</summary>
    public string? Relative(string topic) =>
        topic.Length > Prefix.Length + 1 && topic.StartsWith(Prefix, StringComparison.Ordinal) && topic[Prefix.Length] == '/'
            ? topic[(Prefix.Length + 1)..]
            : null;
}
