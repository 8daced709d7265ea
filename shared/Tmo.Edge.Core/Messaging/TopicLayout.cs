namespace Tmo.Edge.Core.Messaging;

/// <summary>
/// The topic tree `{prefix}/...` of docs/mqtt-contract.md, where the prefix defaults to `tmo/{deviceId}`. What a device
/// sends and what is answered to it live under its account, `{prefix}/users/{account}/...`, so that a broker ACL
/// (the embedded broker's, or Mosquitto's `%u` patterns) can give each account its own branch and nobody else's.
/// </summary>
public sealed class TopicLayout(string prefix)
{
    public const string Status = "status";
    public const string Prompt = "in/prompt";
    public const string Voice = "in/voice";
    public const string Feedback = "in/feedback";
    public const string InboundPrefix = "in/";
    public const string CameraPrefix = "in/camera/";
    public const string SensorPrefix = "in/sensor/";
    public const string Response = "out/response";
    public const string PartialResponse = "out/response/partial";
    public const string Decision = "out/decision";
    public const string Telemetry = "telemetry";
    public const string Error = "error";
    public const string CommandPrefix = "cmd/";
    public const string Reload = "cmd/reload";
    public const string Budget = "cmd/budget";
    public const string Policy = "cmd/policy";
    public const string PolicyProgress = "policy/progress";
    public const string Health = "health";

    /// <summary>The level under the prefix that holds one branch per account.</summary>
    public const string Users = "users";

    public string Prefix { get; } = prefix.TrimEnd('/');

    /// <summary>What the daemon subscribes to: everything devices and the console send it.</summary>
    public IReadOnlyList<string> Subscriptions => [$"{Prefix}/{Users}/+/in/#", $"{Prefix}/cmd/#"];

    public string Absolute(string relativeTopic) => $"{Prefix}/{relativeTopic}";

    /// <summary>`{prefix}/users/{account}`: the branch only that account (and the console) may read.</summary>
    public string AccountRoot(string account) => $"{Prefix}/{Users}/{account}";

    /// <summary>A topic in an account's branch, e.g. (alice, "out/response") is `{prefix}/users/alice/out/response`.</summary>
    public string ForAccount(string account, string relativeTopic) => $"{AccountRoot(account)}/{relativeTopic}";

    /// <summary>The topic relative to the prefix, or null when it is outside the daemon's tree.</summary>
    public string? Relative(string topic) =>
        topic.Length > Prefix.Length + 1 && topic.StartsWith(Prefix, StringComparison.Ordinal) && topic[Prefix.Length] == '/'
            ? topic[(Prefix.Length + 1)..]
            : null;

    /// <summary>
    /// Splits a topic of an account's branch into the account and the topic relative to the branch
    /// (`{prefix}/users/alice/in/prompt` is (alice, "in/prompt")); false for any other topic.
    /// </summary>
    public bool TrySplitAccount(string topic, out string account, out string relativeTopic)
    {
        account = relativeTopic = string.Empty;
        if (Relative(topic) is not { } relative || !relative.StartsWith(Users + "/", StringComparison.Ordinal))
        {
            return false;
        }

        var rest = relative.AsSpan(Users.Length + 1);
        var slash = rest.IndexOf('/');
        if (slash <= 0 || slash == rest.Length - 1)
        {
            return false;
        }

        account = rest[..slash].ToString();
        relativeTopic = rest[(slash + 1)..].ToString();
        return true;
    }

    /// <summary>Whether <paramref name="topic"/> is in <paramref name="account"/>'s branch.</summary>
    public bool IsInAccountBranch(string topic, string account) =>
        TrySplitAccount(topic, out var owner, out _) && string.Equals(owner, account, StringComparison.Ordinal);
}
