using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tmo.Edge.Core.Messaging;
using Tmo.Edge.Data.DeadLetters;
using Tmo.Edge.Data.Journal;

namespace Tmo.Edge.Daemon.Ingress;

/// <summary>
/// In front of the <see cref="InboundRouter"/>, so that no message can stall ingestion (docs/ingestion-limits.md). A message
/// whose processing fails for a reason of its own is answered on `error` and acknowledged; one that fails on storage
/// stays unacknowledged, so the connection restarts and the broker delivers it again, as before; and one that fails on
/// storage <see cref="LimitOptions.DeadLetterAfterFailures"/> deliveries in a row, while the journal is healthy, is
/// dead-lettered (kept with its reason in the database) and then acknowledged. If even the dead letter cannot be
/// written, the message stays unacknowledged: nothing is acknowledged that is not recorded somewhere.
/// <see cref="IngressFaults"/> says which failure is which.
/// </summary>
/// <remarks>
/// The journal's health is the test of "this message, not the store": on a full disk small writes may still fit while
/// new turns do not (the reliability tests fill the file to the last page), and a dead letter written then would
/// acknowledge valid prompts that only had to wait. While the journal is failing, or within
/// <see cref="JournalHealth.HoldFor"/> of its last failure, a storage fault is never dead-lettered; so a prompt whose
/// own journal write keeps failing waits at the broker as before, and what is dead-lettered is a message whose
/// other storage (settings, policies) keeps failing while turns commit.
/// </remarks>
public sealed partial class GuardedIngress(
    IInboundMessageSink router,
    InboundRejections rejections,
    DeadLetterStore deadLetters,
    JournalHealth journalHealth,
    IOptions<LimitOptions> limits,
    TimeProvider time,
    ILogger<GuardedIngress> logger) : IInboundMessageSink
{
    private readonly RepeatedFailures _failures = new();

    public async ValueTask<InboundReceipt> AcceptAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        Task<InboundDisposition> recorded;
        try
        {
            recorded = (await router.AcceptAsync(message, cancellationToken)).Recorded;
        }
        catch (Exception exception)
        {
            recorded = Task.FromException<InboundDisposition>(exception);
        }

        return new InboundReceipt(SettleAsync(message, recorded, cancellationToken));
    }

    private async Task<InboundDisposition> SettleAsync(InboundMessage message, Task<InboundDisposition> recorded, CancellationToken cancellationToken)
    {
        try
        {
            var disposition = await recorded;
            if (!_failures.IsEmpty)
            {
                _failures.Forget(RepeatedFailures.Fingerprint(message));
            }

            return disposition;
        }
        catch (Exception exception) when (!IngressFaults.IsStorageOrShutdown(exception))
        {
            LogProcessingFailed(logger, UntrustedText.Excerpt(message.Topic), exception);
            return await rejections.RejectAsync(message, IngressFaults.Describe(exception), cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            if (await TryDeadLetterAsync(message, exception) is not { } deadLettered)
            {
                throw;
            }

            var reason = $"dead-lettered after {deadLettered.Attempts} failed deliveries: {IngressFaults.Describe(exception)}";
            return await rejections.RejectAsync(message, reason, cancellationToken);
        }
    }

    /// <summary>Counts the failure; the tally once the message has failed often enough and its dead letter is written.</summary>
    private async Task<MessageFailures?> TryDeadLetterAsync(InboundMessage message, Exception exception)
    {
        var fingerprint = RepeatedFailures.Fingerprint(message);
        var reason = $"{exception.GetType().Name}: {(exception.InnerException ?? exception).Message}";
        var failures = _failures.Add(fingerprint, reason, time.GetUtcNow());
        if (failures.Attempts < limits.Value.DeadLetterAfterFailures || !journalHealth.IsHealthy)
        {
            return null;
        }

        var topic = UntrustedText.Excerpt(message.Topic, InboundRejections.MaxTopicChars);
        try
        {
            // Not the stopping token: once begun, the write either commits or fails, and either is worth knowing.
            await deadLetters.StoreAsync(
                new DeadLetter(fingerprint, topic, message.Payload, reason, failures.Attempts, failures.FirstFailedAt, failures.LastFailedAt),
                CancellationToken.None);
        }
        catch (Exception deadLetterFailure)
        {
            LogDeadLetterFailed(logger, topic, failures.Attempts, deadLetterFailure);
            return null;
        }

        _failures.Forget(fingerprint);
        LogDeadLettered(logger, topic, failures.Attempts, reason);
        return failures;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Processing a message on {Topic} failed; it is answered on the error topic and acknowledged")]
    private static partial void LogProcessingFailed(ILogger logger, string topic, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Dead-lettered the message on {Topic} after {Attempts} failed deliveries: {Reason}")]
    private static partial void LogDeadLettered(ILogger logger, string topic, int attempts, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The message on {Topic} failed {Attempts} deliveries and could not be dead-lettered either; it stays with the broker")]
    private static partial void LogDeadLetterFailed(ILogger logger, string topic, int attempts, Exception exception);
}
