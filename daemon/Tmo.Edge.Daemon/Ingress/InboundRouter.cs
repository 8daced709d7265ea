using Microsoft.Extensions.Logging;
using Tmo.Edge.Core.Messaging;
using Tmo.Edge.Daemon.Decisions;
using Tmo.Edge.Daemon.Dialogues;
using Tmo.Edge.Daemon.Hosting;
using Tmo.Edge.Daemon.Metrics;
using Tmo.Edge.Daemon.Voice;
using Tmo.Edge.Daemon.Policies;
using Tmo.Edge.Data.Journal;

namespace Tmo.Edge.Daemon.Ingress;

/// <summary>
/// Where every inbound message goes (<see cref="InboundPump"/> hands them over, one at a time, in arrival order). A prompt is handed to the journal's group-commit writer and queued in its
/// dialogue's lane, both in arrival order, before this returns; the broker gets its acknowledgement once the journal
/// has it on disk. A bad message is answered on `error` (and on its sender's own `error`), counted, and acknowledged,
/// so it never blocks the next one; <see cref="GuardedIngress"/>, in front of it, does the same for a message whose
/// processing fails. A prompt for a dialogue that another account opened is refused and changes nothing, as is feedback
/// on a dialogue the sender does not own or on a turn with no answer; feedback is acknowledged once its rating is on
/// disk. Prompts wait until the decision loop has re-queued the turns left by the last stop
/// (<see cref="DecisionLoop.WhenResumedAsync"/>).
/// </summary>
public sealed partial class InboundRouter(
    InboundParser parser,
    DaemonRuntime runtime,
    TurnJournal journal,
    DecisionLoop loop,
    BudgetSettings budgets,
    CameraFrames frames,
    SensorReadings sensors,
    InboundRejections rejections,
    SpeechTranscriber transcriber,
    PolicyCommandHandler policyCommands,
    DaemonMetrics metrics,
    ILogger<InboundRouter> logger) : IInboundMessageSink
{
    public async ValueTask<InboundReceipt> AcceptAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var parsed = parser.Parse(message);
        switch (parsed)
        {
            case PromptRequest prompt:
                return await AcceptPromptAsync(prompt, message, cancellationToken);
            case AudioRequest audio:
                return await AcceptAudioAsync(audio, message, cancellationToken);
            case FeedbackRequest feedback:
                return await AcceptFeedbackAsync(feedback, message, cancellationToken);
            case FrameUpdate frame:
                frames.Store(frame.Account, frame.Frame);
                return InboundReceipt.Done(InboundDisposition.Accepted);
            case SensorUpdate sensor when sensors.TryStore(sensor.Account, sensor.Name, sensor.Json):
                return InboundReceipt.Done(InboundDisposition.Accepted);
            case SensorUpdate sensor:
                return InboundReceipt.Done(await RejectAsync(
                    message, $"this account already keeps {SensorReadings.MaxSensorsPerAccount} sensors; reuse their names", cancellationToken));
            case ReloadRequest:
                await budgets.ReloadAsync(cancellationToken);
                return InboundReceipt.Done(InboundDisposition.Accepted);
            case BudgetRequest budget:
                await budgets.ApplyAsync(budget.Command, "mqtt:cmd/budget", cancellationToken);
                return InboundReceipt.Done(InboundDisposition.Accepted);
            case PolicyRequest policy:
                await policyCommands.AcceptAsync(policy.Command, cancellationToken);
                return InboundReceipt.Done(InboundDisposition.Accepted);
            case Rejection rejection:
                return InboundReceipt.Done(await RejectAsync(message, rejection.Reason, cancellationToken));
            default:
                throw new InvalidOperationException($"Unhandled message kind {parsed.GetType().Name}.");
        }
    }

    private async ValueTask<InboundReceipt> AcceptPromptAsync(PromptRequest prompt, InboundMessage message, CancellationToken cancellationToken)
    {
        await loop.WhenResumedAsync(cancellationToken);
        var classifier = runtime.Classifier;
        var tasks = classifier.Tasks;
        int taskId;
        if (prompt.Task is { } task)
        {
            if (!tasks.TryGetId(task, out taskId))
            {
                return InboundReceipt.Done(await RejectAsync(message, $"unknown task '{UntrustedText.Excerpt(task, 64)}'; known tasks: {string.Join(", ", tasks.Names)}", cancellationToken));
            }
        }
        else
        {
            taskId = classifier.Classify(prompt.Text);
        }

        // The journal takes the turn in line synchronously; the lane is queued in the same order.
        var reply = prompt.Reply;
        var turn = new NewTurn(prompt.DialogueId, prompt.RequestId, message.ReceivedAt, prompt.Text, tasks.Names[taskId], TaskInferred: prompt.Task is null)
        {
            Owner = reply.Account,
            ReplyTopic = reply.ResponseTopic,
            CorrelationData = reply.CorrelationData.IsEmpty ? null : reply.CorrelationData.ToArray(),
        };
        var accepted = journal.AcceptAsync(turn, budgets.Dialogue, cancellationToken);
        await loop.EnqueueAsync(
            new TurnWork(accepted, prompt.DialogueId, prompt.Text, taskId, message.ReceivedAt) { ReceivedTimestamp = message.ReceivedTimestamp, Reply = reply },
            cancellationToken);
        return new InboundReceipt(RecordedAsync(accepted, prompt, message, cancellationToken));
    }

    /// <summary>
    /// Transcribes before the turn is journalled, in the receive loop, so turns keep their arrival order; a long
    /// recording holds the next message back for the time it takes to transcribe.
    /// </summary>
    private async ValueTask<InboundReceipt> AcceptAudioAsync(AudioRequest audio, InboundMessage message, CancellationToken cancellationToken)
    {
        string transcript;
        try
        {
            transcript = await transcriber.TranscribeAsync(audio.Wav, cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidDataException or InvalidOperationException or Whisper.net.WhisperModelLoadException)
        {
            return InboundReceipt.Done(await RejectAsync(message, UntrustedText.Excerpt(ex.Message), cancellationToken));
        }

        return transcript.Length == 0
            ? InboundReceipt.Done(await RejectAsync(message, "no speech was recognised in the audio", cancellationToken))
            : await AcceptPromptAsync(new PromptRequest(audio.Reply, audio.DialogueId, transcript, null, audio.RequestId), message, cancellationToken);
    }

    private async Task<InboundDisposition> RecordedAsync(
        Task<AcceptedTurn> accepted, PromptRequest prompt, InboundMessage message, CancellationToken cancellationToken)
    {
        var turn = await accepted;
        if (turn.OwnedByAnother)
        {
            return await RejectAsync(message, $"dialogue '{prompt.DialogueId}' belongs to another account", cancellationToken);
        }

        if (turn.Duplicate)
        {
            // A QoS-1 redelivery of a turn already in the journal: it is queued, decided, or resumed at start. The ids
            // are safe to log as they are: the parser let through only short, printable ones.
            LogDuplicate(logger, prompt.DialogueId, prompt.RequestId);
        }

        return InboundDisposition.Accepted;
    }

    /// <summary>
    /// Only the dialogue's owner may rate it: one cheap owner lookup before the rating is queued. A dialogue of another
    /// account is refused in the same words as an unknown one, so feedback cannot probe which dialogue ids exist.
    /// </summary>
    private async ValueTask<InboundReceipt> AcceptFeedbackAsync(FeedbackRequest feedback, InboundMessage message, CancellationToken cancellationToken)
    {
        var owner = await journal.OwnerOfAsync(feedback.DialogueId, cancellationToken);
        if (!string.Equals(owner, feedback.Account, StringComparison.Ordinal))
        {
            metrics.Feedback(stored: false);
            return InboundReceipt.Done(await RejectAsync(
                message, $"no dialogue '{UntrustedText.Excerpt(feedback.DialogueId)}' of this account to rate", cancellationToken));
        }

        return new InboundReceipt(RatedAsync(feedback, message, cancellationToken));
    }

    private async Task<InboundDisposition> RatedAsync(FeedbackRequest feedback, InboundMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await journal.RateAsync(feedback.DialogueId, feedback.Turn, feedback.Score, cancellationToken);
        }
        catch (InvalidOperationException refused) when (refused is not ObjectDisposedException)
        {
            // The journal refuses a turn that is unknown, still pending, or refused or failed: there is no answer to
            // rate. (A journal disposed at shutdown is no refusal: the message stays with the broker.)
            metrics.Feedback(stored: false);
            return await RejectAsync(
                message,
                $"turn {feedback.Turn} of dialogue '{UntrustedText.Excerpt(feedback.DialogueId)}' has no answer to rate (no such turn, not answered yet, or refused)",
                cancellationToken);
        }

        metrics.Feedback(stored: true);
        return InboundDisposition.Accepted;
    }

    private ValueTask<InboundDisposition> RejectAsync(InboundMessage message, string reason, CancellationToken cancellationToken) =>
        rejections.RejectAsync(message, reason, cancellationToken);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Redelivered prompt for dialogue {DialogueId} (request {RequestId}) ignored")]
    private static partial void LogDuplicate(ILogger logger, string dialogueId, string? requestId);
}
