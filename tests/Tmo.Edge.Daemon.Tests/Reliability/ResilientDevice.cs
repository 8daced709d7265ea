using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Core.Messaging;

using Tmo.Edge.Daemon.Tests.Mqtt;

namespace Tmo.Edge.Daemon.Tests.Reliability;

/// <summary>
/// A device on the bus that behaves as a real one does when the broker fails: a persistent MQTT 5 session (the broker
/// queues its answers while it is away), reconnection in the background, and prompts published at QoS 1 again and
/// again until the broker acknowledges one (each carries a requestId, so a copy the broker did take is recognised by
/// the daemon). Records what the broker acknowledged and everything the daemon published back, for
/// <see cref="DeliveryAudit"/>.
/// </summary>
internal sealed class ResilientDevice : IAsyncDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(20);

    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly MqttClientOptions _options;
    private readonly TopicLayout _topics;
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentQueue<SentPrompt> _sent = new();
    private readonly ConcurrentQueue<ResponseMessage> _responses = new();
    private readonly ConcurrentQueue<ErrorMessage> _errors = new();
    private readonly ConcurrentQueue<HealthReport> _health = new();
    private readonly ConcurrentQueue<PartialResponseMessage> _partials = new();
    private Task _keeper = Task.CompletedTask;
    private int _connections;
    private int _republished;

    private ResilientDevice(int port, string deviceId)
    {
        _topics = new TopicLayout($"tmo/{deviceId}");
        _options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithClientId($"device-{Guid.NewGuid():N}")
            .WithCredentials(TestLogins.Device, TestLogins.PasswordOf(TestLogins.Device))
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCleanStart(false)
            .WithSessionExpiryInterval((uint)TimeSpan.FromHours(1).TotalSeconds)
            .WithTimeout(TimeSpan.FromSeconds(3))
            .Build();
        _client.ApplicationMessageReceivedAsync += e =>
        {
            Record(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray());
            return Task.CompletedTask;
        };
    }

    /// <summary>Prompts the broker acknowledged, in the order it did.</summary>
    public IReadOnlyList<SentPrompt> Sent => [.. _sent];

    /// <summary>Every copy of every `out/response` that arrived, QoS 1 redeliveries included.</summary>
    public IReadOnlyList<ResponseMessage> Responses => [.. _responses];

    public IReadOnlyList<ErrorMessage> Errors => [.. _errors];

    /// <summary>Answers so far that a generating model streamed on `out/response/partial`.</summary>
    public IReadOnlyList<PartialResponseMessage> Partials => [.. _partials];

    /// <summary>Every retained `health` report seen.</summary>
    public IReadOnlyList<HealthReport> Health => [.. _health];

    /// <summary>Time since the device connected first: when prompts were acknowledged, and when faults happened.</summary>
    public TimeSpan Clock => _clock.Elapsed;

    /// <summary>Successful connections, the first included.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Publishes that had to be tried again because the broker did not acknowledge them.</summary>
    public int Republished => Volatile.Read(ref _republished);

    public static async Task<ResilientDevice> ConnectAsync(int port, string deviceId)
    {
        var device = new ResilientDevice(port, deviceId);
        await device.EnsureConnectedAsync(TimeSpan.FromSeconds(10));
        device._keeper = Task.Run(device.KeepConnectedAsync);
        return device;
    }

    /// <summary>Publishes one prompt until the broker acknowledges it, reconnecting as often as that takes.</summary>
    public async Task PromptAsync(string dialogueId, string text, string? task, string requestId, TimeSpan? patience = null)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new PromptMessage(dialogueId, text, task, RequestId: requestId), ContractJsonContext.Default.PromptMessage);
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(_topics.ForAccount(TestLogins.Device, TopicLayout.Prompt))
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        var limit = patience ?? TimeSpan.FromSeconds(30);
        var clock = Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await EnsureConnectedAsync(limit - clock.Elapsed);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
                var result = await _client.PublishAsync(message, timeout.Token);
                if (result.IsSuccess)
                {
                    _sent.Enqueue(new SentPrompt(dialogueId, requestId, attempt, _clock.Elapsed));
                    return;
                }
            }
            catch (Exception ex) when (ex is not TimeoutException && clock.Elapsed < limit)
            {
                // The broker went away with the publish in flight: whether it took it is unknown, so it goes again.
            }

            Interlocked.Increment(ref _republished);
            if (clock.Elapsed >= limit)
            {
                throw new TimeoutException($"The broker acknowledged no copy of {requestId} within {limit.TotalSeconds} s.");
            }

            await Task.Delay(RetryDelay);
        }
    }

    /// <summary>The answers that arrived for one turn (more than one copy only after a QoS 1 redelivery).</summary>
    public IReadOnlyList<ResponseMessage> ResponsesTo(string dialogueId, int turn) =>
        [.. _responses.Where(r => r.DialogueId == dialogueId && r.Turn == turn)];

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _keeper;
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        _client.Dispose();
        _connecting.Dispose();
        _stopping.Dispose();
    }

    /// <summary>Reconnects whenever the connection drops, so answers queued at the broker arrive with no prompt to send.</summary>
    private async Task KeepConnectedAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await EnsureConnectedAsync(TimeSpan.FromSeconds(1));
            }
            catch (TimeoutException)
            {
                // The broker is down; try again.
            }

            await Task.Delay(RetryDelay * 2, _stopping.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task EnsureConnectedAsync(TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (!_client.IsConnected)
        {
            await _connecting.WaitAsync(CancellationToken.None);
            try
            {
                if (!_client.IsConnected)
                {
                    await ConnectOnceAsync();
                }
            }
            catch (Exception ex) when (ex is not TimeoutException && clock.Elapsed < limit)
            {
                await Task.Delay(RetryDelay);
            }
            catch (Exception ex) when (ex is not TimeoutException)
            {
                throw new TimeoutException($"No connection to the broker within {limit.TotalSeconds:0.#} s.", ex);
            }
            finally
            {
                _connecting.Release();
            }
        }
    }

    private async Task ConnectOnceAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        await _client.ConnectAsync(_options, timeout.Token);

        // Subscribing again is harmless when the broker kept the session, and needed when a crash lost it.
        await _client.SubscribeAsync(
            new MqttClientSubscribeOptionsBuilder()
                .WithTopicFilter(_topics.ForAccount(TestLogins.Device, TopicLayout.Response), MqttQualityOfServiceLevel.AtLeastOnce)
                .WithTopicFilter(_topics.ForAccount(TestLogins.Device, TopicLayout.PartialResponse), MqttQualityOfServiceLevel.AtMostOnce)
                .WithTopicFilter(_topics.ForAccount(TestLogins.Device, TopicLayout.Error), MqttQualityOfServiceLevel.AtLeastOnce)
                .WithTopicFilter(_topics.Absolute(TopicLayout.Health), MqttQualityOfServiceLevel.AtLeastOnce)
                .Build(),
            timeout.Token);
        Interlocked.Increment(ref _connections);
    }

    private void Record(string topic, byte[] payload)
    {
        switch (_topics.TrySplitAccount(topic, out _, out var branchTopic) ? branchTopic : _topics.Relative(topic))
        {
            case TopicLayout.Response:
                _responses.Enqueue(JsonSerializer.Deserialize(payload, ContractJsonContext.Default.ResponseMessage)!);
                break;
            case TopicLayout.PartialResponse:
                _partials.Enqueue(JsonSerializer.Deserialize(payload, ContractJsonContext.Default.PartialResponseMessage)!);
                break;
            case TopicLayout.Error:
                _errors.Enqueue(JsonSerializer.Deserialize(payload, ContractJsonContext.Default.ErrorMessage)!);
                break;
            case TopicLayout.Health:
                _health.Enqueue(HealthReport.Parse(payload));
                break;
        }
    }
}
