namespace Tmo.Edge.Daemon.Learning;

/// <summary>Where the learning on the device stands (`health`'s learning.state) and why, in words.</summary>
public sealed record LearningState(string State, string Detail)
{
    public const string Off = "off";
    public const string WaitingForRatedTurns = "waiting_for_rated_turns";
    public const string WaitingForTraining = "waiting_for_training";
    public const string WaitingForIdle = "waiting_for_idle";
    public const string WaitingForCool = "waiting_for_cool";
    public const string Training = "training";
    public const string Failed = "failed";
}

/// <summary>
/// What the device is doing now, as far as a round cares: whether another training holds the slot, how long the
/// lanes have been idle (null: a turn is in flight), the hottest relevant thermal zone and the GPU's load (null: not
/// read), and the thermal limit in force.
/// </summary>
public sealed record DeviceActivity(bool TrainingRunning, TimeSpan? IdleFor, double? HottestC, double? GpuLoadPercent, double ThermalLimitC);
