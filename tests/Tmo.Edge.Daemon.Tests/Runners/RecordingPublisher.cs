using System.Collections.Concurrent;
using Tmo.Edge.Core.Messaging;

namespace Tmo.Edge.Daemon.Tests.Runners;

/// <summary>Keeps what the runners publish (partial answers), in order.</summary>
internal sealed class RecordingPublisher : IMessagePublisher
{
    private readonly ConcurrentQueue<(string Topic, byte[] Payload)> _published = new();

    public IReadOnlyList<(string Topic, byte[] Payload)> Published => [.. _published];

    public Task PublishAsync(string relativeTopic, ReadOnlyMemory<byte> payload, bool retain, CancellationToken cancellationToken)
    {
        _published.Enqueue((relativeTopic, payload.ToArray()));
        return Task.CompletedTask;
    }

    /// <summary>Records an answer under its absolute topic (`/partial` appended for a partial one).</summary>
    public Task ReplyAsync(ReplyRoute route, ReadOnlyMemory<byte> payload, bool partial, CancellationToken cancellationToken)
    {
        _published.Enqueue((partial ? route.PartialTopic : route.ResponseTopic, payload.ToArray()));
        return Task.CompletedTask;
    }
}
