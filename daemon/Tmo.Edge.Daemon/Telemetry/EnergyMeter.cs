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
            if (_since is { } since)
            {
                Accumulate(now - since);
            }

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
            var (joules, unknown) = (_joules, _unknownSegments);
            if (_since is { } since && now > since)
            {
                if (_powerW is { } w)
                {
                    joules += w * (now - since).TotalSeconds;
                }
                else
                {
                    unknown++;
                }
            }

            return new EnergyReading(joules, unknown, now, _powerW);
        }
    }

    private void Accumulate(TimeSpan held)
    {
        if (held <= TimeSpan.Zero)
        {
            return;
        }

        if (_powerW is { } w)
        {
            _joules += w * held.TotalSeconds;
        }
        else
        {
            _unknownSegments++;
        }
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
