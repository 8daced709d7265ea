using System.ComponentModel.DataAnnotations;

namespace Tmo.Edge.Daemon.Decisions;

/// <summary>"Tmo:Decisions": parallelism and queueing of the decision loop.</summary>
public sealed class DecisionLoopOptions
{
    public const string Section = "Tmo:Decisions";

    /// <summary>Dialogues are spread over this many ordered lanes; turns of one dialogue always share a lane.</summary>
    [Range(1, 1024)]
    public int Lanes { get; set; } = 16;

    /// <summary>Turns waiting per lane before the MQTT ingress waits (backpressure).</summary>
    [Range(1, 1_000_000)]
    public int LaneCapacity { get; set; } = 256;
}
