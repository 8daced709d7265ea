using System.Collections.Concurrent;
using Tmo.Edge.Core.Runners;

namespace Tmo.Edge.Daemon.Ingress;

/// <summary>
/// The latest frame of each camera view, per account: a device's frames go only into its own account's prompts, so
/// one device cannot show (or inject text through an image into) another's answers. Older frames are replaced, so
/// memory stays bounded by accounts x views.
/// </summary>
public sealed class CameraFrames
{
    private readonly ConcurrentDictionary<(string Account, int View), CameraFrame> _latest = new();

    public void Store(string account, CameraFrame frame)
    {
        ArgumentException.ThrowIfNullOrEmpty(account);
        ArgumentNullException.ThrowIfNull(frame);
        _latest[(account, frame.View)] = frame;
    }

    public IReadOnlyList<CameraFrame> For(string account, IReadOnlyList<int> views) =>
        views.Select(v => _latest.TryGetValue((account, v), out var frame) ? frame : null).OfType<CameraFrame>().ToArray();
}

/// <summary>
/// The latest reading of each sensor, per account, kept as context for that account's prompts only. Each account
/// keeps at most <see cref="MaxSensorsPerAccount"/> sensors, so a device inventing names cannot grow memory.
/// </summary>
public sealed class SensorReadings
{
    public const int MaxSensorsPerAccount = 64;

    private static readonly IReadOnlyDictionary<string, string> None = new Dictionary<string, string>(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, string>> _latest = new(StringComparer.Ordinal);

    /// <summary>Keeps the reading; false (nothing kept) when it would be a new sensor beyond the account's limit.</summary>
    public bool TryStore(string account, string name, string json)
    {
        ArgumentException.ThrowIfNullOrEmpty(account);
        var readings = _latest.GetOrAdd(account, static _ => new ConcurrentDictionary<string, string>(StringComparer.Ordinal));
        lock (readings)
        {
            if (!readings.ContainsKey(name) && readings.Count >= MaxSensorsPerAccount)
            {
                return false;
            }

            readings[name] = json;
            return true;
        }
    }

    public IReadOnlyDictionary<string, string> Snapshot(string account) =>
        _latest.TryGetValue(account, out var readings) ? new Dictionary<string, string>(readings, StringComparer.Ordinal) : None;
}
