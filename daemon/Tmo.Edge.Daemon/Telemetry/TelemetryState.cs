using Tmo.Edge.Core.Telemetry;

namespace Tmo.Edge.Daemon.Telemetry;

/// <summary>
/// The device's latest sample, whether the local LLM is feasible after it, and the energy meter over all samples.
/// The sampler is the only writer; decisions, runners, metrics and the console read it.
/// </summary>
public sealed class TelemetryState(LocalFeasibility feasibility, TimeProvider time)
{
    private readonly Lock _lock = new();
    private volatile Snapshot? _latest;

    public TelemetryState(TelemetryOptions options, TimeProvider time)
        : this(new LocalFeasibility(options), time)
    {
    }

    public EnergyMeter Energy { get; } = new(time);

    public TelemetrySample? Latest => _latest?.Sample;

    /// <summary>Why the local LLM is masked now, or null.</summary>
    public string? LocalUnavailable => _latest?.LocalUnavailable;

    /// <summary>The sample just read.</summary>
    public void Update(TelemetrySample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        lock (_lock)
        {
            Energy.Record(sample.PowerW);
            _latest = new Snapshot(sample, feasibility.Evaluate(sample));
        }
    }

    private sealed record Snapshot(TelemetrySample Sample, string? LocalUnavailable);
}
