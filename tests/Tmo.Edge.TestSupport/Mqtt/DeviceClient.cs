using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;
using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Core.Messaging;

namespace Tmo.Edge.TestSupport.Mqtt;

/// <summary>
/// A client on the bus as the tests simulate devices (and the console, observers and auditors): logs in as one
/// account, records everything it receives, publishes at QoS 1, and knows the daemon's topic tree under
/// `tmo/{deviceId}`: a device account's `in/`, `out/` and `error` topics are in its own branch
/// (`users/{account}/`), everything else is under the prefix.
/// </summary>
public sealed class DeviceClient : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly ConcurrentQueue<ReceivedMessage> _received = new();
    private readonly MqttClientOptions _options;
    private readonly string? _prefix;
    private readonly string? _branch;
    private readonly TopicLayout _topics;

    private DeviceClient(MqttClientOptions options, string? deviceId, string? deviceAccount)
    {
        _options = options;
        _prefix = deviceId is null ? null : $"tmo/{deviceId}";
        _branch = deviceAccount is null ? null : $"{_prefix}/users/{deviceAccount}";
        _topics = new TopicLayout(_prefix ?? "tmo/-");
        _client.ApplicationMessageReceivedAsync += args =>
        {
            var message = args.ApplicationMessage;
            _received.Enqueue(new ReceivedMessage(message.Topic, message.Payload.ToArray(), message.Retain));
            return Task.CompletedTask;
        };
    }

    public bool IsConnected => _client.IsConnected;

    /// <summary>Every message received, in arrival order.</summary>
    public IReadOnlyList<ReceivedMessage> Received => [.. _received];

    public IReadOnlyList<ResponseMessage> Responses =>
        Payloads("out/response").Select(p => JsonSerializer.Deserialize(p, ContractJsonContext.Default.ResponseMessage)!).ToArray();

    public IReadOnlyList<ErrorMessage> Errors =>
        Payloads("error").Select(p => JsonSerializer.Deserialize(p, ContractJsonContext.Default.ErrorMessage)!).ToArray();

    /// <summary>Connects with <paramref name="options"/> and asserts that the broker let it in.</summary>
    /// <param name="deviceId">The daemon whose tree the relative topics are in; null: this client speaks in absolute topics only.</param>
    /// <param name="deviceAccount">The device account whose branch this client speaks for; null: an account that is no device.</param>
    public static async Task<DeviceClient> ConnectAsync(MqttClientOptions options, string? deviceId, string? deviceAccount)
    {
        var client = new DeviceClient(options, deviceId, deviceAccount);
        await client.ReconnectAsync();
        return client;
    }

    public async Task ReconnectAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var result = await _client.ConnectAsync(_options, timeout.Token);
        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
    }

    /// <summary>Subscribes at QoS 1 to absolute topic filters and asserts that the broker granted them.</summary>
    public async Task SubscribeAsync(params string[] filters)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        foreach (var filter in filters)
        {
            var result = await _client.SubscribeAsync(filter, MqttQualityOfServiceLevel.AtLeastOnce, timeout.Token);
            Assert.All(result.Items, item => Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, item.ResultCode));
        }
    }

    /// <summary>Subscribes to what the daemon says to this device (answers, errors, its status) and waits until it is online.</summary>
    public async Task WaitForDaemonAsync(TimeSpan? timeout = null)
    {
        await SubscribeAsync(Absolute("out/#"), Absolute("error"), Absolute("status"));
        await Eventually.HoldsAsync(() => Texts("status").Contains("online"), "the daemon's status online", timeout ?? TimeSpan.FromSeconds(30));
    }

    /// <summary>The absolute topic for one relative to the daemon's tree (see the class remarks).</summary>
    public string Absolute(string relativeTopic) =>
        _prefix is null ? throw new InvalidOperationException("This client was connected without a device id: it takes absolute topics.")
        : _branch is not null && (relativeTopic.StartsWith("in/", StringComparison.Ordinal) || relativeTopic.StartsWith("out/", StringComparison.Ordinal) || relativeTopic == "error")
            ? $"{_branch}/{relativeTopic}"
            : $"{_prefix}/{relativeTopic}";

    /// <summary>Publishes at QoS 1 on a topic relative to the daemon's tree; returns the broker's answer.</summary>
    public Task<MqttClientPublishReasonCode> PublishAsync(string relativeTopic, string payload) =>
        PublishToAsync(Absolute(relativeTopic), Encoding.UTF8.GetBytes(payload));

    public Task<MqttClientPublishReasonCode> PublishAsync(string relativeTopic, byte[] payload) =>
        PublishToAsync(Absolute(relativeTopic), payload);

    /// <summary>Publishes at QoS 1 on an absolute topic; returns the broker's answer.</summary>
    public Task<MqttClientPublishReasonCode> PublishToAsync(string topic, string payload, bool retain = false) =>
        PublishToAsync(topic, Encoding.UTF8.GetBytes(payload), retain);

    public async Task<MqttClientPublishReasonCode> PublishToAsync(string topic, byte[] payload, bool retain = false)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(retain)
            .Build();
        return (await _client.PublishAsync(message, timeout.Token)).ReasonCode;
    }

    /// <summary>Publishes at QoS 0 on an absolute topic: nothing acknowledges it.</summary>
    public async Task PublishAtMostOnceAsync(string topic, string payload)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtMostOnce)
            .Build();
        await _client.PublishAsync(message, timeout.Token);
    }

    /// <summary>Publishes at QoS 1 until the broker acknowledges, reconnecting as often as needed, as a replay publisher does.</summary>
    public async Task PublishUntilAcknowledgedAsync(string topic, string payload, TimeSpan timeout)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (!_client.IsConnected)
                {
                    await ReconnectAsync();
                }

                if (await PublishToAsync(topic, payload) is MqttClientPublishReasonCode.Success or MqttClientPublishReasonCode.NoMatchingSubscribers)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is not Xunit.Sdk.XunitException && waited.Elapsed < timeout)
            {
                // The broker is restarting: try again shortly.
            }

            Assert.True(waited.Elapsed < timeout, $"{payload} was not acknowledged within {timeout.TotalSeconds} s");
            await Task.Delay(20);
        }
    }

    /// <summary>Sends a prompt into this device's `in/prompt`; a request id lets the daemon recognise a redelivery.</summary>
    public Task<MqttClientPublishReasonCode> PromptAsync(string dialogueId, string text, string? task = null, string? requestId = null) =>
        PublishAsync("in/prompt", PromptPayload(dialogueId, text, task, requestId));

    /// <summary>
    /// Sends a prompt as a device that keeps it until it is acknowledged: again after any failure, reconnecting as
    /// needed. A daemon on its embedded broker acknowledges only what it has recorded, and closes the connection when
    /// it cannot record it (docs/reliability.md).
    /// </summary>
    public Task PromptUntilAcknowledgedAsync(string dialogueId, string text, string task, string requestId, TimeSpan timeout) =>
        PublishUntilAcknowledgedAsync(Absolute("in/prompt"), PromptPayload(dialogueId, text, task, requestId), timeout);

    private static string PromptPayload(string dialogueId, string text, string? task, string? requestId) =>
        JsonSerializer.Serialize(new PromptMessage(dialogueId, text, task, RequestId: requestId), ContractJsonContext.Default.PromptMessage);

    public Task<ResponseMessage> ResponseAsync(string dialogueId, int turn, TimeSpan? timeout = null) =>
        Eventually.ReturnsAsync(() => Responses.FirstOrDefault(r => r.DialogueId == dialogueId && r.Turn == turn), timeout);

    public Task WaitForAsync(Func<ReceivedMessage, bool> match, string what, TimeSpan? timeout = null) =>
        Eventually.HoldsAsync(() => Received.Any(match), what, timeout, () => $"received: [{string.Join(", ", Received)}]");

    /// <summary>What arrived on a topic relative to the daemon's tree, as text.</summary>
    public IEnumerable<string> Texts(string relativeTopic) => Payloads(relativeTopic).Select(p => Encoding.UTF8.GetString(p));

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build());
        }

        _client.Dispose();
    }

    /// <summary>
    /// What arrived on <paramref name="relativeTopic"/>: in the device's own branch for a device; for an account that
    /// reads everything, under the prefix or in any account's branch (answers and errors are per account).
    /// </summary>
    private IEnumerable<byte[]> Payloads(string relativeTopic) =>
        _received.Where(m => m.Topic == Absolute(relativeTopic)
                || (_branch is null && _topics.TrySplitAccount(m.Topic, out _, out var inBranch) && inBranch == relativeTopic))
            .Select(m => m.Bytes);
}

/// <summary>One message a <see cref="DeviceClient"/> received.</summary>
public sealed record ReceivedMessage(string Topic, byte[] Bytes, bool Retain)
{
    public string Payload => Encoding.UTF8.GetString(Bytes);

    public override string ToString() => $"{Topic}{(Retain ? " (retained)" : "")}: {Payload}";
}
