using System.Collections.Concurrent;
using Tmo.Edge.Core.Runners;

namespace Tmo.Edge.Daemon.Ingress;

/// <summary>The latest frame of each camera view (older frames are replaced, so memory stays bounded).</summary>
public sealed class CameraFrames
{
    private readonly ConcurrentDictionary<int, CameraFrame> _latest = new();

    public void Store(CameraFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        _latest[frame.View] = frame;
    }

    public IReadOnlyList<CameraFrame> For(IReadOnlyList<int> views) =>
        views.Select(v => _latest.TryGetValue(v, out var frame) ? frame : null).OfType<CameraFrame>().ToArray();
}

/// <summary>The latest reading of each sensor, kept as context for prompts.</summary>
public sealed class SensorReadings
{
    private readonly ConcurrentDictionary<string, string> _latest = new(StringComparer.Ordinal);

    public void Store(string name, string json) => _latest[name] = json;

    public IReadOnlyDictionary<string, string> Snapshot() => new Dictionary<string, string>(_latest, StringComparer.Ordinal);
}
