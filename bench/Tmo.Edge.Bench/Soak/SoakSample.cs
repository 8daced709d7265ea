namespace Tmo.Edge.Bench.Soak;

/// <summary>
/// A row of soak.csv: the process at <see cref="ElapsedS"/>, the managed heap (as sampled, right after a full GC where
/// one was induced for this sample, and committed), SQLite's native memory, the prompt counts so far, and the daemon's
/// added-latency p99 over the interval since the previous sample.
/// </summary>
internal sealed record SoakSample(
    double ElapsedS,
    ProcessSample Process,
    double GcHeapMiB,
    double LiveHeapMiB,
    double GcCommittedMiB,
    double SqliteMiB,
    long Sent,
    long Answered,
    double IntervalP99Ms,
    double IntervalCount);
