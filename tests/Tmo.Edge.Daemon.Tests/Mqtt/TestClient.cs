using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using MQTTnet;
using MQTTnet.Protocol;
using Tmo.Edge.Core.Options;
using Tmo.Edge.Daemon.Mqtt;

namespace Tmo.Edge.Daemon.Tests.Mqtt;

/// <summary>Another client on the bus (a device, the console, an observer), built with the daemon's own options factory.</summary>
internal sealed class TestClient : IAsyncDisposable
{
    private readonly IMqttClient _client;
    private readonly MqttClientOptions _options;
    private readonly ConcurrentQueue<ReceivedMessage> _received = new();

    private TestClient(MqttClientOptions options)
    {
        _options = options;
        _client = new MqttClientFactory().CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += args =>
        {
            var message = args.ApplicationMessage;
            _received.Enqueue(new ReceivedMessage(message.Topic, Encoding.UTF8.GetString(message.Payload.ToArray()), message.Retain));
            return Task.CompletedTask;
        };
    }

    public bool IsConnected => _client.IsConnected;

    public IReadOnlyList<ReceivedMessage> Received => [.. _received];

    /// <param name="username">A <see cref="TestLogins"/> account (its password is known), by default the first device.</param>
    public static async Task<TestClient> ConnectAsync(int port, string clientId, string? username = null, bool persistentSession = false)
    {
        username ??= TestLogins.Device;
        var options = new MqttOptions { Host = "127.0.0.1", Port = port, Username = username, PasswordFile = TestLogins.PasswordFile(username) };
        var client = new TestClient(MqttClientOptionsFactory.Create(options, clientId, persistentSession));
        await client.ReconnectAsync();
        return client;
    }

    public async Task ReconnectAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var result = await _client.ConnectAsync(_options, timeout.Token);
        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
    }

    public async Task SubscribeAsync(string filter)
    {
        var result = await _client.SubscribeAsync(filter, MqttQualityOfServiceLevel.AtLeastOnce);
        Assert.All(result.Items, item => Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, item.ResultCode));
    }

    public async Task<MqttClientPublishReasonCode> PublishAsync(string topic, string payload, bool retain = false)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var result = await _client.PublishStringAsync(topic, payload, MqttQualityOfServiceLevel.AtLeastOnce, retain, timeout.Token);
        return result.ReasonCode;
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

                if (await PublishAsync(topic, payload) is MqttClientPublishReasonCode.Success or MqttClientPublishReasonCode.NoMatchingSubscribers)
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

    public Task WaitForAsync(Func<ReceivedMessage, bool> match, string what, TimeSpan? timeout = null) =>
        Eventually.HoldsAsync(() => Received.Any(match), what, timeout, () => $"received: [{string.Join(", ", Received)}]");

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build());
        }

        _client.Dispose();
    }
}

internal sealed record ReceivedMessage(string Topic, string Payload, bool Retain);
