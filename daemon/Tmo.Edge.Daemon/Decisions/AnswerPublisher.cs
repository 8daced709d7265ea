using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Tmo.Edge.Core.Messaging;
using Tmo.Edge.Daemon.Dialogues;
using Tmo.Edge.Data.Journal;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Daemon.Decisions;

/// <summary>
/// Publishes decisions and answers, and keeps the answers that were recorded but could not be published (broker away)
/// for <see cref="RepublishAsync"/>: at start-up for those left by the last run, then periodically.
/// </summary>
public sealed partial class AnswerPublisher(
    IMessagePublisher publisher,
    TurnJournal journal,
    DialogueTracker dialogues,
    PolicyInForce policy,
    DurableWrites writes,
    ILogger<AnswerPublisher> logger)
{
    // Recorded answers whose publishing failed, for the retry. Only these: a sweep of every unpublished row also caught
    // answers a lane was publishing, or was slow to note as published (store locked or full), and sent them twice
    // (found by the soak, 5 of 6,000 turns at 100 prompts/s, and by the locked-store test).
    private readonly ConcurrentDictionary<long, byte> _unpublished = new();

    /// <summary>Answers recorded before the last stop but never published: no lane will publish them, the retry must.</summary>
    public async Task AdoptUnpublishedAsync(CancellationToken cancellationToken)
    {
        foreach (var turn in await journal.UnpublishedAsync(cancellationToken))
        {
            _unpublished.TryAdd(turn.Id, 0);
        }
    }

    /// <summary>
    /// At QoS 0: a decision is for observers as it happens and the response repeats it, so the lane does not wait for
    /// the broker before running the turn.
    /// </summary>
    public async Task PublishDecisionAsync(byte[] payload, CancellationToken cancellationToken)
    {
        try
        {
            await publisher.PublishBestEffortAsync(TopicLayout.Decision, payload, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogDecisionNotPublished(logger, ex.Message);
        }
    }

    /// <summary>Publishes a recorded answer; one that cannot be published (broker away) waits for the retry.</summary>
    public async Task<bool> TryPublishAnswerAsync(long turnId, ReplyRoute? route, byte[] payload, CancellationToken cancellationToken)
    {
        if (await TryPublishAsync(route, payload, cancellationToken))
        {
            return true;
        }

        _unpublished.TryAdd(turnId, 0);
        return false;
    }

    /// <summary>Notes a published answer in the journal, so neither a restart nor the retry publishes it again.</summary>
    public async Task NotePublishedAsync(long turnId, string dialogueId, CancellationToken cancellationToken)
    {
        await writes.WriteAsync(ct => journal.MarkPublishedAsync(turnId, ct), dialogueId, cancellationToken);
        _unpublished.TryRemove(turnId, out _);
    }

    public async Task RepublishAsync(CancellationToken cancellationToken)
    {
        foreach (var turn in await journal.UnpublishedAsync(cancellationToken))
        {
            if (!_unpublished.ContainsKey(turn.Id))
            {
                continue;
            }

            var dialogue = await dialogues.GetAsync(turn.DialogueId, cancellationToken);
            var outcome = StoredOutcome.Restore(turn, policy.Current.Version);
            var payload = ResponseComposer.Response(dialogue, turn.Sequence, turn.Task, outcome);
            if (!await TryPublishAsync(RouteOf(turn), payload, cancellationToken))
            {
                return;
            }

            await NotePublishedAsync(turn.Id, turn.DialogueId, cancellationToken);
        }
    }

    /// <summary>Where a recorded turn's answer goes: as the request asked, or `out/response` for a turn from before accounts.</summary>
    public static ReplyRoute? RouteOf(TurnRecord turn) =>
        turn.ReplyTopic is { } topic && turn.Dialogue?.Owner is { } owner
            ? new ReplyRoute(owner, topic, turn.CorrelationData ?? ReadOnlyMemory<byte>.Empty)
            : null;

    private async Task<bool> TryPublishAsync(ReplyRoute? route, byte[] payload, CancellationToken cancellationToken)
    {
        try
        {
            await (route is null
                ? publisher.PublishAsync(TopicLayout.Response, payload, retain: false, cancellationToken)
                : publisher.ReplyAsync(route, payload, partial: false, cancellationToken));
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogPublishFailed(logger, route?.ResponseTopic ?? TopicLayout.Response, ex.Message);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not publish on {Topic} ({Reason}); the answer is recorded and will be retried")]
    private static partial void LogPublishFailed(ILogger logger, string topic, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "A decision was not published ({Reason}); its response carries it")]
    private static partial void LogDecisionNotPublished(ILogger logger, string reason);
}
