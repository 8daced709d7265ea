using Tmo.Edge.Core.Messaging;

namespace Tmo.Edge.Daemon.Mqtt.Access;

/// <summary>What a client of the embedded broker is, once authenticated (docs/mqtt-contract.md, docs/reliability.md "The perimeter").</summary>
public enum BrokerRole
{
    /// <summary>Publishes only into its own account's `in/`, reads only its own branch and the daemon's status.</summary>
    Device,

    /// <summary>The admin console's account: sends `cmd/*`, reads everything.</summary>
    Console,

    /// <summary>The daemon itself, on its reserved client id: everything.</summary>
    Daemon,
}

/// <summary>
/// The embedded broker's ACL, the same rules as packaging/mosquitto/tmo-edge.acl gives an external Mosquitto: a device
/// account publishes only into `{prefix}/users/{account}/in/#` and subscribes only inside `{prefix}/users/{account}/`
/// (its answers, partial answers and errors) or to the daemon's own `status`, `health` and `telemetry`; the console publishes
/// only `{prefix}/cmd/#` and reads all; the daemon may do anything.
/// </summary>
public sealed class BrokerAccessPolicy(TopicLayout topics)
{
    public bool MayPublish(BrokerRole role, string account, string topic) => role switch
    {
        BrokerRole.Daemon => true,
        BrokerRole.Console => topics.Relative(topic) is { } relative && relative.StartsWith(TopicLayout.CommandPrefix, StringComparison.Ordinal),
        _ => topics.TrySplitAccount(topic, out var owner, out var relative)
            && string.Equals(owner, account, StringComparison.Ordinal)
            && relative.StartsWith(TopicLayout.InboundPrefix, StringComparison.Ordinal),
    };

    /// <summary>
    /// Whether the filter can only match topics the role may read. For a device that means the filter names its own
    /// branch literally up to the account level (a wildcard there would reach other accounts) or is a public topic.
    /// </summary>
    public bool MaySubscribe(BrokerRole role, string account, string filter)
    {
        if (role != BrokerRole.Device)
        {
            return true;
        }

        var root = topics.AccountRoot(account);
        return filter == root
            || filter.StartsWith(root + "/", StringComparison.Ordinal)
            || filter == topics.Absolute(TopicLayout.Status)
            || filter == topics.Absolute(TopicLayout.Health)
            || filter == topics.Absolute(TopicLayout.Telemetry);
    }

    /// <summary>Where the refusal of a device's publish is announced: its own `error`, which it may read.</summary>
    public string? ErrorTopicFor(BrokerRole role, string account) =>
        role == BrokerRole.Device ? topics.ForAccount(account, TopicLayout.Error) : null;
}
