using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;
using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Core.Messaging;
using Tmo.Edge.Core.Options;
using Tmo.Edge.Daemon.Mqtt;

namespace Tmo.Edge.Daemon.Tests.Security;

/// <summary>
/// A client of the secured broker that logs in with one account, built with the daemon's own options factory (so TLS
/// is checked against the configured CA exactly as the daemon does it), and records every message it receives.
/// </summary>
internal sealed class AccountClient : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly ConcurrentQueue<(string Topic, byte[] Payload)> _received = new();
    private readonly string _prefix;
    private readonly string? _branch;
    private readonly TopicLayout _topics;

    /// <param name="branch">A device account's own branch, where its `in/`, `out/` and `error` topics are.</param>
    private AccountClient(string prefix, string? branch)
    {
        _prefix = prefix;
        _branch = branch;
        _topics = new TopicLayout(prefix);
        _client.ApplicationMessageReceivedAsync += args =>
        {
            _received.Enqueue((args.ApplicationMessage.Topic, args.ApplicationMessage.Payload.ToArray()));
            return Task.CompletedTask;
        };
    }

    /// <summary>Every message received, raw, in arrival order.</summary>
    public IReadOnlyList<(string Topic, byte[] Payload)> Received => [.. _received];

    public static async Task<AccountClient> ConnectAsync(MqttOptions options, string deviceId, params string[] relativeFilters)
    {
        var device = options.Username == SecuredMosquitto.DeviceUser;
        var client = new AccountClient($"tmo/{deviceId}", device ? $"tmo/{deviceId}/users/{options.Username}" : null);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var result = await client._client.ConnectAsync(MqttClientOptionsFactory.Create(options, $"{options.Username}-{Guid.NewGuid():N}", persistentSession: false), timeout.Token);
        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        foreach (var filter in relativeFilters)
        {
            var topic = filter == "#" ? "#" : client.Absolute(filter);
            var subscribed = await client._client.SubscribeAsync(topic, MqttQualityOfServiceLevel.AtLeastOnce, timeout.Token);
            Assert.All(subscribed.Items, item => Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, item.ResultCode));
        }

        return client;
    }

    public async Task<MqttClientPublishReasonCode> PublishAsync(string relativeTopic, string payload)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var result = await _client.PublishStringAsync(Absolute(relativeTopic), payload, MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken: timeout.Token);
        return result.ReasonCode;
    }

    public Task<MqttClientPublishReasonCode> PromptAsync(string dialogueId, string text, string? task = null) =>
        PublishAsync("in/prompt", JsonSerializer.Serialize(new PromptMessage(dialogueId, text, task, RequestId: $"{dialogueId}#1"), ContractJsonContext.Default.PromptMessage));

    public IReadOnlyList<ResponseMessage> Responses =>
        Payloads("out/response").Select(p => JsonSerializer.Deserialize(p, ContractJsonContext.Default.ResponseMessage)!).ToArray();

    public IReadOnlyList<ErrorMessage> Errors =>
        Payloads("error").Select(p => JsonSerializer.Deserialize(p, ContractJsonContext.Default.ErrorMessage)!).ToArray();

    public IEnumerable<string> Texts(string relativeTopic) => Payloads(relativeTopic).Select(p => Encoding.UTF8.GetString(p));

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        _client.Dispose();
    }

    /// <summary>A device's `in/`, `out/` and `error` are in its branch; everything else is under the prefix.</summary>
    private string Absolute(string relativeTopic) =>
        _branch is not null && (relativeTopic.StartsWith("in/", StringComparison.Ordinal) || relativeTopic.StartsWith("out/", StringComparison.Ordinal) || relativeTopic == "error")
            ? $"{_branch}/{relativeTopic}"
            : $"{_prefix}/{relativeTopic}";

    /// <summary>
    /// What arrived on <paramref name="relativeTopic"/>: in the device's own branch for a device; for an account that
    /// reads everything, under the prefix or in any account's branch (answers and errors are per account).
    /// </summary>
    private IEnumerable<byte[]> Payloads(string relativeTopic) =>
        _received.Where(m => m.Topic == Absolute(relativeTopic)
                || (_branch is null && _topics.TrySplitAccount(m.Topic, out _, out var inBranch) && inBranch == relativeTopic))
            .Select(m => m.Payload);
}
