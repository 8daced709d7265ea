namespace Tmo.Edge.Data.Journal;

/// <summary>
/// Whether the journal's writes commit, and if not, why: a full disk or a file another process keeps locked shows
/// here (and so on the daemon's health topic and metrics) while prompts wait at the broker. Written by the journal's
/// single writer, read from anywhere.
/// </summary>
/// <remarks>
/// A fault that comes and goes (on a full file small updates still fit while new rows do not) would have the state
/// flicker between the health reports, which go out every few seconds; so a failure keeps storage unhealthy for
/// <see cref="HoldFor"/> at least, and after that until a batch commits.
/// </remarks>
public sealed class JournalHealth(TimeProvider time)
{
    /// <summary>Longer than two health reports apart, so at least one report shows any failure.</summary>
    public static readonly TimeSpan HoldFor = TimeSpan.FromSeconds(12);

    private long _failedBatches;
    private long _failedAt;
    private volatile string? _lastError;
    private volatile bool _committedSinceFailure;

    /// <summary>False from a failed batch until a later one commits and <see cref="HoldFor"/> has passed.</summary>
    public bool IsHealthy =>
        _lastError is null || (_committedSinceFailure && time.GetElapsedTime(Interlocked.Read(ref _failedAt)) >= HoldFor);

    /// <summary>Why the last batch failed, while <see cref="IsHealthy"/> is false; null otherwise.</summary>
    public string? LastError => IsHealthy ? null : _lastError;

    /// <summary>Batches that failed since the process started (each one's callers all heard the error).</summary>
    public long FailedBatches => Interlocked.Read(ref _failedBatches);

    internal void Committed() => _committedSinceFailure = true;

    internal void Failed(Exception error)
    {
        Interlocked.Exchange(ref _failedAt, time.GetTimestamp());
        // The SQLite error ("database or disk is full", "database is locked") rather than EF's wrapper around it.
        _lastError = (error.InnerException ?? error).Message;
        _committedSinceFailure = false;
        Interlocked.Increment(ref _failedBatches);
    }
}
