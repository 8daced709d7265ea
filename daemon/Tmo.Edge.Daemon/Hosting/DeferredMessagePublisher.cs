using Tmo.Edge.Core.Messaging;

namespace Tmo.Edge.Daemon.Hosting;

/// <summary>
/// Resolves the real publisher on first use. The MQTT connection delivers to the inbound router, and the router
/// (and the decision loop behind it) publish through the connection: resolving lazily breaks that construction cycle.
/// </summary>
public sealed class DeferredMessagePublisher(Func<IMessagePublisher> resolve) : IMessagePublisher
{
    private readonly Lazy<IMessagePublisher> _publisher = new(resolve, LazyThreadSafetyMode.ExecutionAndPublication);

    public Task PublishAsync(string relativeTopic, ReadOnlyMemory<byte> payload, bool retain, CancellationToken cancellationToken) =>
        _publisher.Value.PublishAsync(relativeTopic, payload, retain, cancellationToken);

    public Task ReplyAsync(ReplyRoute route, ReadOnlyMemory<byte> payload, bool partial, CancellationToken cancellationToken) =>
        _publisher.Value.ReplyAsync(route, payload, partial, cancellationToken);

    public Task PublishBestEffortAsync(string relativeTopic, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
        _publisher.Value.PublishBestEffortAsync(relativeTopic, payload, cancellationToken);
}
