namespace Tmo.Edge.Data.Journal;

/// <summary>
/// Whether the journal's last write committed, and if not, why: a full disk or a file another process keeps locked
/// shows here (and so on the daemon's health topic and metrics) while prompts wait at the broker. Written by the
/// journal's single writer, read from anywhere.
/// </summary>
public sealed class JournalHealth
{
    private long _failedBatches;
    private volatile string? _lastError;

    /// <summary>False from a failed batch until the next one commits.</summary>
    public bool IsHealthy => _lastError is null;

    /// <summary>Why the last batch failed, while <see cref="IsHealthy"/> is false; null otherwise.</summary>
    public string? LastError => _lastError;

    /// <summary>Batches that failed since the process started (each one's callers all heard the error).</summary>
    public long FailedBatches => Interlocked.Read(ref _failedBatches);

    internal void Committed() => _lastError = null;

    internal void Failed(Exception error)
    {
        Interlocked.Increment(ref _failedBatches);
        // The SQLite error ("database or disk is full", "database is locked") rather than EF's wrapper around it.
        _lastError = (error.InnerException ?? error).Message;
    }
}
