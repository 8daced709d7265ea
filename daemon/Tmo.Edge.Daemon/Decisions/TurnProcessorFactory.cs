using Tmo.Edge.Daemon.Ingress;
using Tmo.Edge.Daemon.Runners;

namespace Tmo.Edge.Daemon.Decisions;

/// <summary>A lane's <see cref="TurnProcessor"/> for a policy: the policy's own lane copy, the runners, the shield's parts.</summary>
public sealed class TurnProcessorFactory(
    LlmRunners runners,
    CloudSpendGuard spendGuard,
    LaterTurnPlanner planner,
    CameraFrames frames,
    SensorReadings sensors)
{
    public TurnProcessor For(PolicyRuntime policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new(policy.ForLane(), runners.Local, runners.Cloud, spendGuard, planner, frames, sensors);
    }
}
