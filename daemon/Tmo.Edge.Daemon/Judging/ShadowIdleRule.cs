using System.Globalization;
using Microsoft.Extensions.Options;
using Tmo.Edge.Core.Runners;
using Tmo.Edge.Daemon.Decisions;
using Tmo.Edge.Daemon.Telemetry;

namespace Tmo.Edge.Daemon.Judging;

/// <summary>
/// Whether the device is idle enough for a shadow call (docs/policy.md, "Learning on the device"). Either side: no turn
/// in flight in the decision lanes and none finished within the quiet period, so a shadow neither holds a runner a turn
/// waits for nor starts just before a dialogue's likely next turn. A local shadow also needs the local LLM unmasked by
/// telemetry (<see cref="LocalFeasibility"/>), a telemetry sample, the GPU load under its limit and the hottest watched
/// zone under its limit; a reading the source cannot take does not block. A cloud shadow runs on the network and
/// barely touches the device, so the device's load and heat do not hold it back.
/// </summary>
public sealed class ShadowIdleRule(IOptions<JudgeOptions> options, DecisionLoopHealth loop, TelemetryState telemetry, LocalFeasibility feasibility)
{
    private readonly JudgeOptions _options = options.Value;

    /// <returns>Why the device is not idle enough for a shadow on <paramref name="side"/> now, or null when it is.</returns>
    public string? Busy(RunnerLocation side)
    {
        if (loop.IdleFor is not { } idle)
        {
            return "a turn is in flight";
        }

        if (idle.TotalSeconds < _options.ShadowQuietSeconds)
        {
            return $"the lanes have been idle {F(idle.TotalSeconds)} s (quiet after {F(_options.ShadowQuietSeconds)} s)";
        }

        if (side == RunnerLocation.Cloud)
        {
            return null;
        }

        if (telemetry.LocalUnavailable is { } masked)
        {
            return $"the local LLM is masked ({masked})";
        }

        if (telemetry.Latest is not { } sample)
        {
            return "no telemetry sample yet";
        }

        if (sample.GpuLoadPercent is { } load && load >= _options.ShadowMaxGpuLoadPercent)
        {
            return $"GPU load {F(load)} % >= {F(_options.ShadowMaxGpuLoadPercent)} %";
        }

        return feasibility.Hottest(sample.TemperaturesC) is var (zone, celsius) && celsius >= _options.ShadowMaxTemperatureC
            ? $"{zone} at {F(celsius)} C >= {F(_options.ShadowMaxTemperatureC)} C"
            : null;
    }

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
