using System.Collections.Concurrent;
using System.Text;
using Tmo.Edge.Core.Messaging;

namespace Tmo.Edge.Daemon.Tests.Mqtt;

/// <summary>
/// The test's <see cref="IInboundMessageSink"/>: records every delivery and every accepted message, and throws
/// (as a store that is down would) for the deliveries <see cref="FailWhen"/> picks.
/// </summary>
internal sealed class RecordingSink : IInboundMessageSink
{
    private readonly ConcurrentQueue<InboundMessage> _deliveries = new();
    private readonly ConcurrentQueue<InboundMessage> _accepted = new();
    private readonly ConcurrentDictionary<string, int> _attempts = new();

    /// <summary>Given the payload text and the how-many-th delivery of that payload it is (1-based), whether to throw.</summary>
    public Func<string, int, bool>? FailWhen { get; init; }

    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Once this many messages are accepted, further deliveries wait for <see cref="Release"/>: a stalled store.</summary>
    public int? HoldAfterAccepting { get; init; }

    public IReadOnlyList<InboundMessage> Deliveries => [.. _deliveries];

    public IReadOnlyList<InboundMessage> Accepted => [.. _accepted];

    public IReadOnlyList<string> AcceptedPayloads => [.. _accepted.Select(m => Text(m))];

    public void Release() => _release.TrySetResult();

    public int DeliveriesOf(string payload) => _attempts.GetValueOrDefault(payload);

    public static string Text(InboundMessage message) => Encoding.UTF8.GetString(message.Payload.Span);

    public async ValueTask<InboundReceipt> AcceptAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        _deliveries.Enqueue(message);
        if (HoldAfterAccepting is { } limit && _accepted.Count >= limit)
        {
            await _release.Task.WaitAsync(cancellationToken);
        }

        var payload = Text(message);
        var attempt = _attempts.AddOrUpdate(payload, 1, (_, n) => n + 1);
        if (FailWhen?.Invoke(payload, attempt) == true)
        {
            throw new IOException($"test store unavailable for '{payload}' (delivery {attempt})");
        }

        _accepted.Enqueue(message);
        return InboundReceipt.Done(InboundDisposition.Accepted);
    }

    public Task WaitForAcceptedAsync(Func<IReadOnlyList<string>, bool> condition, string what, TimeSpan? timeout = null) =>
        Eventually.HoldsAsync(() => condition(AcceptedPayloads), what, timeout, () => $"accepted: [{string.Join(", ", AcceptedPayloads)}]");
}
