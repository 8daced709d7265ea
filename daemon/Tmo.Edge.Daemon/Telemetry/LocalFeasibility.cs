using System.Globalization;
using Tmo.Edge.Core.Telemetry;

namespace Tmo.Edge.Daemon.Telemetry;

/// <summary>
/// Whether the device can run the local LLM now, from each sample: masked when the hottest relevant thermal zone
/// reaches the throttle limit, when available memory is below the model's need plus a margin, or when measured
/// power plus the LLM's extra draw would exceed the power cap. Each condition has hysteresis (it clears only
/// once the reading is back past the limit by a margin), so a reading hovering at a limit does not flip the
/// decision every second. A reading the source cannot take leaves its condition as it was. The limits start as
/// configured and can be replaced while the sampler runs (<see cref="Apply"/>): each evaluation reads one set of
/// limits, and a condition already raised keeps its hysteresis against the new limit. Evaluation itself is not
/// thread-safe: the sampler evaluates, others read the published reason.
/// </summary>
public sealed class LocalFeasibility(TelemetryOptions options)
{
    private volatile DeviceLimits _limits = DeviceLimits.From(options);
    private bool _hot;
    private bool _shortOfMemory;
    private bool _overPower;

    /// <summary>The limits the next evaluation uses.</summary>
    public DeviceLimits Limits => _limits;

    /// <summary>Replaces the limits from the next evaluation on; safe to call from any thread.</summary>
    public void Apply(DeviceLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _limits = limits;
    }

    /// <summary>Why the local LLM is masked after this sample ("thermal: soc 87.5 C >= 85 C"), or null.</summary>
    public string? Evaluate(TelemetrySample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var limits = _limits;
        var thermal = Thermal(sample, limits.ThermalLimitC);
        var memory = Memory(sample, limits.MemoryMarginMB);
        var power = Power(sample, limits.PowerCapW);
        string?[] reasons = [thermal, memory, power];
        return reasons.Any(r => r is not null) ? string.Join("; ", reasons.Where(r => r is not null)) : null;
    }

    private string? Thermal(TelemetrySample sample, double limit)
    {
        if (Hottest(sample.TemperaturesC) is not var (zone, celsius))
        {
            return _hot ? "thermal: no reading since the last throttle" : null;
        }

        var resume = limit - options.ThermalHysteresisC;
        _hot = celsius >= limit || (_hot && celsius > resume);
        return !_hot ? null
            : celsius >= limit ? $"thermal: {Display(zone)} {F(celsius, "0.0")} C >= {F(limit)} C"
            : $"thermal: {Display(zone)} {F(celsius, "0.0")} C, cooling to {F(resume)} C";
    }

    private string? Memory(TelemetrySample sample, double margin)
    {
        if (options.LocalModelMemoryMB <= 0)
        {
            return null;
        }

        var need = options.LocalModelMemoryMB + margin;
        if (sample.MemoryAvailableMB is not { } available)
        {
            return _shortOfMemory ? "memory: no reading since it ran short" : null;
        }

        _shortOfMemory = available < need || (_shortOfMemory && available < need + options.MemoryHysteresisMB);
        return !_shortOfMemory ? null
            : available < need ? $"memory: {F(available, "0.0")} MB available < {F(need)} MB (model {F(options.LocalModelMemoryMB)} + margin {F(margin)})"
            : $"memory: {F(available, "0.0")} MB available, recovering to {F(need + options.MemoryHysteresisMB)} MB";
    }

    private string? Power(TelemetrySample sample, double cap)
    {
        if (cap <= 0)
        {
            return null;
        }

        if (sample.PowerW is not { } watts)
        {
            return _overPower ? "power: no reading since it exceeded the cap" : null;
        }

        var expected = watts + options.LocalExtraPowerW;
        _overPower = expected > cap || (_overPower && expected > cap - options.PowerHysteresisW);
        return !_overPower ? null
            : expected > cap ? $"power: {F(watts, "0.0")} W + {F(options.LocalExtraPowerW)} W for the local LLM > {F(cap)} W cap"
            : $"power: {F(watts, "0.0")} W + {F(options.LocalExtraPowerW)} W, waiting for <= {F(cap - options.PowerHysteresisW)} W";
    }

    /// <summary>The hottest zone that counts (the configured ones, else all but the PMIC placeholder), or null without a reading.</summary>
    public (string Zone, double Celsius)? Hottest(IReadOnlyDictionary<string, double> temperatures)
    {
        ArgumentNullException.ThrowIfNull(temperatures);
        (string, double)? hottest = null;
        foreach (var (zone, celsius) in temperatures)
        {
            if (Relevant(zone) && (hottest is null || celsius > hottest.Value.Item2))
            {
                hottest = (zone, celsius);
            }
        }

        return hottest;
    }

    // The PMIC die sensor on Xavier and Orin reads a constant 100 C placeholder and says nothing about the SoC.
    private bool Relevant(string zone) =>
        options.ThermalZones.Count > 0
            ? options.ThermalZones.Contains(zone, StringComparer.OrdinalIgnoreCase)
            : !zone.Contains("pmic", StringComparison.OrdinalIgnoreCase);

    private static string Display(string zone)
    {
        foreach (var suffix in (string[])["-thermal", "_thermal"])
        {
            if (zone.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return zone[..^suffix.Length];
            }
        }

        return zone;
    }

    private static string F(double value, string format = "0.##") => value.ToString(format, CultureInfo.InvariantCulture);
}
