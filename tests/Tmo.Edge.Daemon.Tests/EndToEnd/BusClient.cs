using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;
using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Daemon.Tests.Mqtt;

namespace Tmo.Edge.Daemon.Tests.EndToEnd;

/// <summary>A device on the bus: publishes into the daemon's tree and records everything the daemon publishes.</summary>
internal sealed class BusClient : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly ConcurrentQueue<(string Topic, byte[] Payload)> _received = new();
    private readonly string _prefix;

    private readonly string _branch;

    private BusClient(string prefix, string account)
    {
        _prefix = prefix;
        _branch = $"{prefix}/users/{account}";
    }

    /// <summary>Connects and waits until the daemon's retained status says online, as a device should before it sends.</summary>
    /// <summary>Logs in as <paramref name="account"/> (a <see cref="TestLogins"/> one; the first device by default).</summary>
    public static async Task<BusClient> ConnectAsync(int port, string deviceId, string account = TestLogins.Device)
    {
        var bus = new BusClient($"tmo/{deviceId}", account);
        bus._client.ApplicationMessageReceivedAsync += e =>
        {
            bus._received.Enqueue((e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray()));
            return Task.CompletedTask;
        };
        await bus._client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithClientId($"device-{Guid.NewGuid():N}")
            .WithCredentials(account, TestLogins.PasswordOf(account))
            .Build());
        await bus._client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter($"{bus._branch}/out/#", MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter($"{bus._branch}/error", MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter($"{bus._prefix}/status", MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());
        await WaitForAsync(() => bus.Received("status").Any(p => Encoding.UTF8.GetString(p) == "online") ? bus : null, TimeSpan.FromSeconds(30));
        return bus;
    }

    public Task PublishAsync(string relativeTopic, string payload) => PublishAsync(relativeTopic, Encoding.UTF8.GetBytes(payload));

    public async Task PublishAsync(string relativeTopic, byte[] payload) =>
        await _client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic($"{_branch}/{relativeTopic}")
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());

    public Task PromptAsync(string dialogueId, string text, string? task = null, string? requestId = null) =>
        PublishAsync("in/prompt", JsonSerializer.Serialize(new PromptMessage(dialogueId, text, task, RequestId: requestId), ContractJsonContext.Default.PromptMessage));

    public IReadOnlyList<ResponseMessage> Responses =>
        Received("out/response").Select(p => JsonSerializer.Deserialize(p, ContractJsonContext.Default.ResponseMessage)!).ToArray();

    public IReadOnlyList<ErrorMessage> Errors =>
        Received("error").Select(p => JsonSerializer.Deserialize(p, ContractJsonContext.Default.ErrorMessage)!).ToArray();

    public async Task<ResponseMessage> ResponseAsync(string dialogueId, int turn, TimeSpan? timeout = null) =>
        await WaitForAsync(() => Responses.FirstOrDefault(r => r.DialogueId == dialogueId && r.Turn == turn), timeout);

    public static Task<T> WaitForAsync<T>(Func<T?> probe, TimeSpan? timeout = null)
        where T : class =>
        WaitForAsync(() => Task.FromResult(probe()), timeout);

    public static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe, TimeSpan? timeout = null)
        where T : class
    {
        var limit = timeout ?? TimeSpan.FromSeconds(15);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("The daemon did not publish what the test waited for.");
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        _client.Dispose();
    }

    /// <summary>What arrived on <paramref name="relativeTopic"/> of the account's branch, or of the prefix for `status`.</summary>
    private IEnumerable<byte[]> Received(string relativeTopic) =>
        _received.Where(m => m.Topic == (relativeTopic == "status" ? $"{_prefix}/status" : $"{_branch}/{relativeTopic}")).Select(m => m.Payload);
}
