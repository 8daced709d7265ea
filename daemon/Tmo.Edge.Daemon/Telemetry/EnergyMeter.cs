namespace Tmo.Edge.Daemon.Telemetry;

/// <summary>
/// Integrates measured board power over time: each sample's power holds until the next sample (zero-order hold,
/// what a meter polled at 1 Hz can know), so the energy between any two instants is exact for the recorded steps.
/// Time without a power reading is counted as unknown, and an interval that crosses it has no measured energy.
/// Time is the monotonic clock: a device often boots with a wrong wall clock that NTP then steps by hours, and a
/// wall-clock integral would charge (or lose) the whole step to the call that straddles it.
/// Thread-safe: the sampler writes, runners read.
/// </summary>
public sealed class EnergyMeter(TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly long _origin = time.GetTimestamp();
    private double _joules;
    private long _unknownSegments;
    private double? _powerW;
    private TimeSpan? _since;

    /// <summary>A power sample taken now (null: the power could not be read).</summary>
    public void Record(double? powerW)
    {
        lock (_lock)
        {
            var now = time.GetElapsedTime(_origin);
            (_joules, _unknownSegments) = Through(now);
            _since = now;
            _powerW = powerW;
        }
    }

    /// <summary>A reading of the meter now, to subtract from a later one.</summary>
    public EnergyReading Read()
    {
        lock (_lock)
        {
            var now = time.GetElapsedTime(_origin);
            var (joules, unknown) = Through(now);
            return new EnergyReading(joules, unknown, now, _powerW);
        }
    }

    /// <summary>The totals with the power held since the last sample counted up to <paramref name="now"/>.</summary>
    private (double Joules, long UnknownSegments) Through(TimeSpan now)
    {
        if (_since is not { } since || now <= since)
        {
            return (_joules, _unknownSegments);
        }

        return _powerW is { } w
            ? (_joules + (w * (now - since).TotalSeconds), _unknownSegments)
            : (_joules, _unknownSegments + 1);
    }
}

/// <summary>
/// The meter at one instant of the monotonic clock (<see cref="At"/>, from the meter's start) and the power it
/// holds then; <see cref="Since"/> gives the energy in between, or null where part of it was not measured.
/// </summary>
public readonly record struct EnergyReading(double Joules, long UnknownSegments, TimeSpan At, double? PowerW)
{
    public double? Since(EnergyReading start) =>
        PowerW is not null && start.PowerW is not null && UnknownSegments == start.UnknownSegments ? Joules - start.Joules : null;
}
