
namespace Tmo.Edge.Daemon.Telemetry;

/// <summary>
/// The limits that gate the local LLM and that an operator may change at run time (console Budgets page): the
/// throttle temperature, the board power cap (0: no power check) and the memory margin beyond the model's need.
/// Immutable, so the feasibility check swaps all three at once.
/// </summary>
public sealed record DeviceLimits(double ThermalLimitC, double PowerCapW, double MemoryMarginMB)
{
    /// <summary>The configured defaults ("Tmo:Telemetry").</summary>
    public static DeviceLimits From(TelemetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new DeviceLimits(options.ThrottleC, options.PowerCapW, options.MemoryMarginMB);
    }
}
