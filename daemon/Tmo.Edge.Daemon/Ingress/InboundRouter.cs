using System.Text.Json;
using Microsoft.Extensions.Logging;
using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Core.Messaging;
using Tmo.Edge.Daemon.Decisions;
using Tmo.Edge.Daemon.Dialogues;
using Tmo.Edge.Daemon.Hosting;
using Tmo.Edge.Daemon.Metrics;
using Tmo.Edge.Data.Journal;

namespace Tmo.Edge.Daemon.Ingress;

/// <summary>
/// Where every inbound MQTT message goes. A prompt is recorded in the journal (durably) and queued in its
/// dialogue's lane before this returns, and only then is it acknowledged to the broker; a bad message is answered on
/// `error`, counted, and acknowledged, so it never blocks the next one.
/// </summary>
public sealed partial class InboundRouter(
    DaemonAssets assets,
    TurnJournal journal,
    DecisionLoop loop,
    BudgetSettings budgets,
    CameraFrames frames,
    SensorReadings sensors,
    IMessagePublisher publisher,
    DaemonMetrics metrics,
    ILogger<InboundRouter> logger) : IInboundMessageSink
{
    public async ValueTask<InboundDisposition> AcceptAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        metrics.Received.Inc();
        var parsed = assets.Parser.Parse(message);
        switch (parsed)
        {
            case PromptRequest prompt:
                return await AcceptPromptAsync(prompt, message, cancellationToken);
            case FrameUpdate frame:
                frames.Store(frame.Frame);
                return InboundDisposition.Accepted;
            case SensorUpdate sensor:
                sensors.Store(sensor.Name, sensor.Json);
                return InboundDisposition.Accepted;
            case ReloadRequest:
                await budgets.ReloadAsync(cancellationToken);
                return InboundDisposition.Accepted;
            case BudgetRequest budget:
                await budgets.ApplyAsync(budget.Command, "mqtt:cmd/budget", cancellationToken);
                return InboundDisposition.Accepted;
            case Rejection rejection:
                return await RejectAsync(message, rejection.Reason, cancellationToken);
            default:
                throw new InvalidOperationException($"Unhandled message kind {parsed.GetType().Name}.");
        }
    }

    private async ValueTask<InboundDisposition> AcceptPromptAsync(PromptRequest prompt, InboundMessage message, CancellationToken cancellationToken)
    {
        var classifier = assets.Classifier;
        var tasks = classifier.Tasks;
        int taskId;
        if (prompt.Task is { } task)
        {
            if (!tasks.TryGetId(task, out taskId))
            {
                return await RejectAsync(message, $"unknown task '{task}'; known tasks: {string.Join(", ", tasks.Names)}", cancellationToken);
            }
        }
        else
        {
            taskId = classifier.Classify(prompt.Text);
        }

        var accepted = await journal.AcceptAsync(
            new NewTurn(prompt.DialogueId, prompt.RequestId, message.ReceivedAt, prompt.Text, tasks.Names[taskId], TaskInferred: prompt.Task is null),
            budgets.Dialogue,
            cancellationToken);
        if (accepted.Duplicate)
        {
            // A QoS-1 redelivery of a turn already in the journal: it is queued, decided, or resumed at start.
            LogDuplicate(logger, prompt.DialogueId, prompt.RequestId);
            return InboundDisposition.Accepted;
        }

        await loop.EnqueueAsync(new TurnWork(accepted.TurnId, accepted.Sequence, prompt.DialogueId, prompt.Text, taskId, message.ReceivedAt), cancellationToken);
        return InboundDisposition.Accepted;
    }

    private async ValueTask<InboundDisposition> RejectAsync(InboundMessage message, string reason, CancellationToken cancellationToken)
    {
        metrics.Rejected();
        LogRejected(logger, message.Topic, reason);
        var error = new ErrorMessage(message.Topic, reason, message.ReceivedAt, message.Payload.Length);
        try
        {
            await publisher.PublishAsync(TopicLayout.Error, JsonSerializer.SerializeToUtf8Bytes(error, ContractJsonContext.Default.ErrorMessage), retain: false, cancellationToken);
            metrics.Published.Inc();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogErrorNotPublished(logger, ex.Message);
        }

        return InboundDisposition.Rejected;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected a message on {Topic}: {Reason}")]
    private static partial void LogRejected(ILogger logger, string topic, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not publish the rejection on the error topic: {Reason}")]
    private static partial void LogErrorNotPublished(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Redelivered prompt for dialogue {DialogueId} (request {RequestId}) ignored")]
    private static partial void LogDuplicate(ILogger logger, string dialogueId, string? requestId);
}
