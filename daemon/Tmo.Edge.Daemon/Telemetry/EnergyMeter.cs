namespace Tmo.Edge.Daemon.Telemetry;

/// <summary>
/// Integrates measured board power over time: each sample's power holds until the next sample (zero-order hold,
/// what a meter polled at 1 Hz can know), so the energy between any two instants is exact for the recorded steps.
/// Time without a power reading is counted as unknown, and an interval that crosses it has no measured energy.
/// Thread-safe: the sampler writes, runners read.
/// </summary>
public sealed class EnergyMeter
{
    private readonly Lock _lock = new();
    private double _joules;
    private long _unknownSegments;
    private double? _powerW;
    private DateTimeOffset? _since;

    public void Record(double? powerW, DateTimeOffset at)
    {
        lock (_lock)
        {
            Advance(at);
            _powerW = powerW;
        }
    }

    /// <summary>A reading of the meter at <paramref name="now"/>, to subtract from a later one.</summary>
    public EnergyReading Read(DateTimeOffset now)
    {
        lock (_lock)
        {
            var joules = _joules;
            var unknown = _unknownSegments;
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

    private void Advance(DateTimeOffset at)
    {
        if (_since is { } since && at > since)
        {
            if (_powerW is { } w)
            {
                _joules += w * (at - since).TotalSeconds;
            }
            else
            {
                _unknownSegments++;
            }
        }

        if (_since is null || at > _since)
        {
            _since = at;
        }
    }
}

/// <summary>
/// The meter at one instant and the power it holds then; <see cref="Since"/> gives the energy in between, or null
/// where part of it was not measured.
/// </summary>
public readonly record struct EnergyReading(double Joules, long UnknownSegments, DateTimeOffset At, double? PowerW)
{
    public double? Since(EnergyReading start) =>
        PowerW is not null && start.PowerW is not null && UnknownSegments == start.UnknownSegments ? Joules - start.Joules : null;
}
