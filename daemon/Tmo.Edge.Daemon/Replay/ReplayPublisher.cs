using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;
using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Core.Messaging;
using Tmo.Edge.Core.Options;
using Tmo.Edge.Daemon.Mqtt;
using Tmo.Edge.Policy.Dataset;

namespace Tmo.Edge.Daemon.Replay;

/// <summary>
/// Plays M4A1 dialogues into the daemon like real devices would: camera frames for every view, then each turn's
/// prompt (waiting for its response before the next turn), several dialogues at once. Reports each response. Logs in
/// as the device account <see cref="MqttOptions.Username"/> and publishes in that account's branch; every prompt waits
/// for its slot of the <paramref name="pacer"/>.
/// </summary>
public sealed class ReplayPublisher(MqttOptions broker, TopicLayout topics, TurnPacer pacer, TimeProvider time) : IAsyncDisposable
{
    private readonly string _account = MqttAccountName.IsValid(broker.Username)
        ? broker.Username!
        : throw new ArgumentException($"The replay logs in as a device account: give its name ({MqttAccountName.Rule}) and password file.");

    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly ConcurrentDictionary<(string Dialogue, int Turn), TaskCompletionSource<ResponseMessage>> _waiting = new();

    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        _client.ApplicationMessageReceivedAsync += OnMessageAsync;
        var clientId = $"tmo-edge-replay-{Guid.NewGuid():N}";
        await _client.ConnectAsync(MqttClientOptionsFactory.Create(broker, clientId, persistentSession: false), cancellationToken);
        await _client.SubscribeAsync(
            new MqttClientSubscribeOptionsBuilder()
                .WithTopicFilter(topics.ForAccount(_account, TopicLayout.Response), MqttQualityOfServiceLevel.AtLeastOnce)
                .WithTopicFilter(topics.ForAccount(_account, TopicLayout.Error), MqttQualityOfServiceLevel.AtLeastOnce)
                .Build(),
            cancellationToken);
    }

    /// <summary>Plays one dialogue; <paramref name="onResponse"/> sees each answer as it arrives.</summary>
    public async Task<IReadOnlyList<ResponseMessage>> PlayAsync(
        DialogueEpisode episode,
        string dialogueId,
        TimeSpan responseTimeout,
        Func<ResponseMessage, Task> onResponse,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(episode);
        ArgumentNullException.ThrowIfNull(onResponse);
        var views = episode.Association[0].Length;
        for (var view = 0; view < views; view++)
        {
            await PublishAsync($"{TopicLayout.CameraPrefix}{view}", CameraFrameGenerator.Jpeg(view, episode.Id), cancellationToken);
        }

        var responses = new List<ResponseMessage>(episode.Turns.Count);
        for (var t = 0; t < episode.Turns.Count; t++)
        {
            var turn = episode.Turns[t];
            await pacer.WaitForSlotAsync(cancellationToken);
            var response = await AskAsync(dialogueId, t + 1, turn.Question, turn.Task, responseTimeout, cancellationToken);
            responses.Add(response);
            await onResponse(response);
        }

        return responses;
    }

    /// <summary>Publishes one prompt and waits for the daemon's response to it.</summary>
    public async Task<ResponseMessage> AskAsync(string dialogueId, int turn, string text, string? task, TimeSpan responseTimeout, CancellationToken cancellationToken)
    {
        var key = (dialogueId, turn);
        var waiter = _waiting[key] = new TaskCompletionSource<ResponseMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            var prompt = new PromptMessage(dialogueId, text, task, time.GetUtcNow(), RequestId: $"{dialogueId}#{turn}");
            await PublishAsync(TopicLayout.Prompt, JsonSerializer.SerializeToUtf8Bytes(prompt, ContractJsonContext.Default.PromptMessage), cancellationToken);
            return await waiter.Task.WaitAsync(responseTimeout, time, cancellationToken);
        }
        finally
        {
            _waiting.TryRemove(key, out _);
        }
    }

    /// <summary>Publishes in the account's branch: <paramref name="relativeTopic"/> is e.g. `in/prompt`.</summary>
    public async Task PublishAsync(string relativeTopic, byte[] payload, CancellationToken cancellationToken)
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topics.ForAccount(_account, relativeTopic))
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        await _client.PublishAsync(message, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        _client.Dispose();
    }

    private Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs args)
    {
        var payload = args.ApplicationMessage.Payload;
        try
        {
            if (topics.TrySplitAccount(args.ApplicationMessage.Topic, out _, out var topic) && topic == TopicLayout.Response
                && JsonSerializer.Deserialize(payload.ToArray(), ContractJsonContext.Default.ResponseMessage) is { } response
                && _waiting.TryGetValue((response.DialogueId, response.Turn), out var waiter))
            {
                waiter.TrySetResult(response);
            }
        }
        catch (JsonException)
        {
            // Not a response this publisher understands: someone else's traffic on the bus.
        }

        return Task.CompletedTask;
    }
}
