using Tmo.Edge.Daemon.Hosting;
using Tmo.Edge.Daemon.Ingress;

namespace Tmo.Edge.Daemon.Decisions;

/// <summary>A lane's <see cref="TurnProcessor"/> for a policy: the policy's own lane copy, the runners, the shield's parts.</summary>
public sealed class TurnProcessorFactory(
    DaemonAssets assets,
    CloudSpendGuard spendGuard,
    LaterTurnPlanner planner,
    CameraFrames frames,
    SensorReadings sensors)
{
    public TurnProcessor For(PolicyRuntime policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new(policy.ForLane(), assets.LocalRunner, assets.CloudRunner, spendGuard, planner, frames, sensors);
    }
}
