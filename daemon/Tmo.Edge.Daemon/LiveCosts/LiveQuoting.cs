namespace Tmo.Edge.Daemon.LiveCosts;

/// <summary>Which parts of a runner's quote the measured costs replace once warmed up.</summary>
public enum LiveQuoting
{
    /// <summary>The runner's own quotes stand (Tmo:Telemetry:LiveCosts = false); energy is still measured.</summary>
    Off,

    /// <summary>The runner quotes latency exactly (replay); the local call's usage comes from measured energy.</summary>
    UsageOnly,

    /// <summary>Both from measurements: for runners whose own quote is a static estimate or a worst case.</summary>
    LatencyAndUsage,
}
