namespace Tmo.Edge.Core.Messaging;

/// <summary>
/// Where the answers to one request go: the account that sent it, the topic its response is published on (the
/// request's MQTT 5 Response Topic, or the account's own `out/response`) and the Correlation Data to return with it,
/// as the MQTT 5 request/response convention has it. Partial answers go to `{ResponseTopic}/partial`.
/// </summary>
public sealed record ReplyRoute(string Account, string ResponseTopic, ReadOnlyMemory<byte> CorrelationData)
{
    public const string PartialSuffix = "/partial";

    /// <summary>The longest Response Topic and Correlation Data a request may carry; both are stored with its turn.</summary>
    public const int MaxResponseTopicLength = 256;

    public const int MaxCorrelationDataBytes = 256;

    /// <summary>The route of a request without a Response Topic: the account's own `out/response`.</summary>
    public static ReplyRoute Default(TopicLayout topics, string account)
    {
        ArgumentNullException.ThrowIfNull(topics);
        return new(account, topics.ForAccount(account, TopicLayout.Response), ReadOnlyMemory<byte>.Empty);
    }

    public string PartialTopic => ResponseTopic + PartialSuffix;
}
