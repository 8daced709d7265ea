using System.Buffers;
using System.Collections.Concurrent;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Tmo.Edge.Core.Messaging;

namespace Tmo.Edge.Console.BrowserTests.Security;

/// <summary>One account on the secured broker (TLS checked against the site CA), recording all it receives.</summary>
internal sealed class BusAccount : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly ConcurrentQueue<(string Topic, byte[] Payload)> _received = new();

    private BusAccount() =>
        _client.ApplicationMessageReceivedAsync += args =>
        {
            _received.Enqueue((args.ApplicationMessage.Topic, args.ApplicationMessage.Payload.ToArray()));
            return Task.CompletedTask;
        };

    public IReadOnlyList<(string Topic, byte[] Payload)> Received => [.. _received];

    public static async Task<BusAccount> ConnectAsync(SecuredConsoleBroker broker, string user, string? subscription = null)
    {
        var account = new BusAccount();
        var options = new MqttClientOptionsBuilder()
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId($"{user}-{Guid.NewGuid():N}")
            .WithTcpServer("127.0.0.1", broker.Port)
            .WithTlsOptions(tls => tls.UseTls().WithTargetHost("127.0.0.1").WithTrustChain(BrokerCertificateAuthority.Load(broker.Certificates.CaFile)))
            .WithCredentials(user, broker.Accounts[user].Password)
            .Build();
        var result = await account._client.ConnectAsync(options);
        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        if (subscription is not null)
        {
            await account._client.SubscribeAsync(subscription, MqttQualityOfServiceLevel.AtLeastOnce);
        }

        return account;
    }

    public async Task PublishAsync(string topic, string payload, bool retain = false)
    {
        var result = await _client.PublishStringAsync(topic, payload, MqttQualityOfServiceLevel.AtLeastOnce, retain);
        Assert.True(result.IsSuccess, $"{topic}: {result.ReasonCode}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        _client.Dispose();
    }
}
