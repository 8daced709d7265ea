using Tmo.Edge.Policy.Actions;

namespace Tmo.Edge.Policy.Costs;

/// <summary>
/// Per-action latency and usage, raw and min-max normalised. The reference normalises the vectors
/// [local, cloud_0 .. cloud_X] (X + 2 values) and indexes them by k + 1 for a cloud call with k views.
/// </summary>
public sealed class CostTable
{
    public CostTable(ActionSpace actions, DeviceProfile device, CloudProfile cloud)
    {
        ArgumentNullException.ThrowIfNull(actions);
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(cloud);
        if (cloud.TimeS.Count != actions.ModalityCount + 1 || cloud.UsageUsd.Count != actions.ModalityCount + 1)
        {
            throw new ArgumentException($"Cloud profile '{cloud.Name}' needs {actions.ModalityCount + 1} entries.", nameof(cloud));
        }

        Device = device;
        Cloud = cloud;
        double[] latency = [device.LocalTimeS, .. cloud.TimeS];
        double[] usage = [device.LocalUsageUsd, .. cloud.UsageUsd];
        var normLatency = MinMax.Normalise(latency);
        var normUsage = MinMax.Normalise(usage);

        LatencyS = new double[actions.Count];
        UsageUsd = new double[actions.Count];
        NormalisedLatency = new double[actions.Count];
        NormalisedUsage = new double[actions.Count];
        for (var action = 0; action < actions.Count; action++)
        {
            var index = ActionSpace.IsCloud(action) ? actions.ViewCountOf(action) + 1 : 0;
            LatencyS[action] = latency[index];
            UsageUsd[action] = usage[index];
            NormalisedLatency[action] = normLatency[index];
            NormalisedUsage[action] = normUsage[index];
        }
    }

    public DeviceProfile Device { get; }

    public CloudProfile Cloud { get; }

    public double[] LatencyS { get; }

    public double[] UsageUsd { get; }

    public double[] NormalisedLatency { get; }

    public double[] NormalisedUsage { get; }
}
