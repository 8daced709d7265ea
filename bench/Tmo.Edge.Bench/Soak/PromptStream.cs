using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;
using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Core.Messaging;
using Tmo.Edge.Core.Options;
using Tmo.Edge.Daemon.Mqtt;
using Tmo.Edge.Policy.Dataset;

namespace Tmo.Edge.Bench.Soak;

/// <summary>
/// Plays M4A1 at a fixed rate, open loop: prompt i is due at i / rate seconds whatever the daemon does, so a daemon
/// that slows down builds a backlog instead of slowing the load. Dialogues are M4A1 episodes played in order, again
/// and again under new ids, their turns back to back. Every prompt the broker acknowledged is expected to get
/// exactly one response (or error) back.
/// </summary>
internal sealed class PromptStream : IAsyncDisposable
{
    private const int MaxPublishesInFlight = 256;

    /// <summary>The device account whose branch the soak publishes in (Mosquitto under test lets anyone in).</summary>
    private const string Account = "soak";

    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly TopicLayout _topics;
    private readonly MqttOptions _broker;
    private readonly ConcurrentDictionary<string, int> _answers = new();
    private readonly SemaphoreSlim _inFlight = new(MaxPublishesInFlight);
    private readonly TaskCompletionSource _online = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _sent;
    private long _publishFailures;
    private long _responses;

    public PromptStream(MqttOptions broker, TopicLayout topics)
    {
        _broker = broker;
        _topics = topics;
        _client.ApplicationMessageReceivedAsync += e =>
        {
            if (e.ApplicationMessage.Topic == _topics.Absolute(TopicLayout.Status))
            {
                if (e.ApplicationMessage.ConvertPayloadToString() == "online")
                {
                    _online.TrySetResult();
                }

                return Task.CompletedTask;
            }

            var reader = new Utf8JsonReader(e.ApplicationMessage.Payload);
            var response = JsonSerializer.Deserialize(ref reader, ContractJsonContext.Default.ResponseMessage);
            if (response is not null)
            {
                _answers.AddOrUpdate($"{response.DialogueId}#{response.Turn}", 1, (_, n) => n + 1);
                Interlocked.Increment(ref _responses);
            }

            return Task.CompletedTask;
        };
    }

    /// <summary>Prompts the broker acknowledged.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    public long PublishFailures => Interlocked.Read(ref _publishFailures);

    /// <summary>Responses received (duplicates included).</summary>
    public long Responses => Interlocked.Read(ref _responses);

    /// <summary>Turns answered more than once.</summary>
    public int Duplicates => _answers.Count(a => a.Value > 1);

    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        await _client.ConnectAsync(MqttClientOptionsFactory.Create(_broker, $"tmo-soak-{Guid.NewGuid():N}", persistentSession: false), cancellationToken);
        await _client.SubscribeAsync(_topics.ForAccount(Account, TopicLayout.Response), MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken);
        await _client.SubscribeAsync(_topics.Absolute(TopicLayout.Status), MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken);
    }

    /// <summary>Waits for the daemon's retained `online`: it has subscribed, so no prompt goes unheard.</summary>
    public Task WaitForDaemonAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        _online.Task.WaitAsync(timeout, cancellationToken);

    /// <summary>Publishes at <paramref name="promptsPerSecond"/> until <paramref name="duration"/> has passed.</summary>
    public async Task PlayAsync(DialogueDataset dataset, double promptsPerSecond, TimeSpan duration, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var pending = new List<Task>();
        long index = 0;
        for (var pass = 0; clock.Elapsed < duration; pass++)
        {
            foreach (var episode in dataset.Episodes)
            {
                foreach (var turn in episode.Turns)
                {
                    var due = TimeSpan.FromSeconds(index++ / promptsPerSecond);
                    if (due >= duration)
                    {
                        await Task.WhenAll(pending);
                        return;
                    }

                    if (due > clock.Elapsed)
                    {
                        await Task.Delay(due - clock.Elapsed, cancellationToken);
                    }

                    await _inFlight.WaitAsync(cancellationToken);
                    pending.Add(PublishAsync(new PromptMessage($"soak-{pass}-{episode.Id}", turn.Question, turn.Task), cancellationToken));
                    pending.RemoveAll(t => t.IsCompleted);
                }
            }
        }

        await Task.WhenAll(pending);
    }

    /// <summary>Waits until every acknowledged prompt has its response, or <paramref name="timeout"/> runs out.</summary>
    public async Task DrainAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (_answers.Count < Sent && clock.Elapsed < timeout)
        {
            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Acknowledged prompts with no response.</summary>
    public long Unanswered => Sent - _answers.Count;

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        _client.Dispose();
        _inFlight.Dispose();
    }

    private async Task PublishAsync(PromptMessage prompt, CancellationToken cancellationToken)
    {
        try
        {
            var message = new MqttApplicationMessageBuilder()
                .WithTopic(_topics.ForAccount(Account, TopicLayout.Prompt))
                .WithPayload(JsonSerializer.SerializeToUtf8Bytes(prompt, ContractJsonContext.Default.PromptMessage))
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .Build();
            var result = await _client.PublishAsync(message, cancellationToken);
            if (result.IsSuccess)
            {
                Interlocked.Increment(ref _sent);
            }
            else
            {
                Interlocked.Increment(ref _publishFailures);
            }
        }
        catch (MQTTnet.Exceptions.MqttCommunicationException)
        {
            Interlocked.Increment(ref _publishFailures);
        }
        finally
        {
            _inFlight.Release();
        }
    }
}
