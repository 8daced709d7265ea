using System.Text.Json;
using Microsoft.Extensions.Logging;
using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Core.Messaging;

namespace Tmo.Edge.Daemon.Policies;

/// <summary>`policy/progress`, retained: where a retraining, an activation or a learning round stands.</summary>
public sealed partial class PolicyProgressTopic(IMessagePublisher publisher, TimeProvider time, ILogger<PolicyProgressTopic> logger)
{
    public PolicyProgressMessage Message(string state, double fraction, string? message = null, string? version = null, PolicyComparison? comparison = null) =>
        new(state, fraction, message, version, time.GetUtcNow(), comparison);

    public async Task PublishAsync(PolicyProgressMessage message, CancellationToken cancellationToken) =>
        await publisher.PublishAsync(
            TopicLayout.PolicyProgress, JsonSerializer.SerializeToUtf8Bytes(message, ContractJsonContext.Default.PolicyProgressMessage), retain: true, cancellationToken);

    /// <summary>Progress is a courtesy: a broker that is away must not fail the training.</summary>
    public async Task PublishQuietlyAsync(PolicyProgressMessage message)
    {
        try
        {
            await PublishAsync(message, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogProgressNotPublished(logger, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Policy progress not published: {Reason}")]
    private static partial void LogProgressNotPublished(ILogger logger, string reason);
}
