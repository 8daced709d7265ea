using System.Collections.Concurrent;
using Tmo.Edge.Data.Journal;

namespace Tmo.Edge.Data.Tests.Journal;

/// <summary>
/// Holds a journal's writer on the first batch it takes until released, so that a test knows exactly what the next
/// batch holds: everything queued meanwhile. Records the size of every batch.
/// </summary>
internal sealed class HeldWriter
{
    private readonly TaskCompletionSource _taken = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<int> _batches = new();

    private HeldWriter()
    {
    }

    /// <summary>Completes when the writer has taken its first batch and waits.</summary>
    public Task Taken => _taken.Task;

    public IReadOnlyList<int> BatchSizes => [.. _batches];

    public static HeldWriter On(TurnJournal journal)
    {
        var held = new HeldWriter();
        journal.BatchTaken = async size =>
        {
            held._batches.Enqueue(size);
            if (held._taken.TrySetResult())
            {
                await held._released.Task;
            }
        };
        return held;
    }

    public void Release() => _released.TrySetResult();
}
