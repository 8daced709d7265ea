using System.Text.Json;
using Microsoft.Extensions.Logging;
using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Core.Messaging;

namespace Tmo.Edge.Daemon.Runners;

/// <summary>
/// Publishes answers while they are being generated on the turn's partial topic (`users/{account}/out/response/partial`
/// or the request's Response Topic + `/partial`; the text so far). Best effort: a partial that cannot be published is
/// skipped; the final answer always goes out on the response topic.
/// </summary>
public sealed partial class PartialResponses(IMessagePublisher publisher, TimeSpan interval, TimeProvider time, ILogger<PartialResponses> logger)
{
    public PartialAnswer Begin(ReplyRoute reply, string dialogueId, int turn) =>
        new(dialogueId, turn, message => PublishAsync(reply, message), interval, time);

    private async Task PublishAsync(ReplyRoute reply, PartialResponseMessage message)
    {
        try
        {
            var payload = JsonSerializer.SerializeToUtf8Bytes(message, ContractJsonContext.Default.PartialResponseMessage);
            await publisher.ReplyAsync(reply, payload, partial: true, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogSkipped(logger, message.DialogueId, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "A partial answer for dialogue {DialogueId} was not published: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string dialogueId, string reason);
}
