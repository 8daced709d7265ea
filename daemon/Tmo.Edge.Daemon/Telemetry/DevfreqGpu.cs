namespace Tmo.Edge.Daemon.Telemetry;

/// <summary>
/// Jetson GPU load and clock from devfreq: the device under `/sys/class/devfreq/*` whose `of_node/name` is gv11b
/// (Xavier), gp10b (TX2), ga10b (Orin) or gpu (Nano, newer L4T); `device/load` is per mille, `cur_freq` in Hz.
/// </summary>
public sealed class DevfreqGpu(SensorFiles files)
{
    private static readonly string[] GpuNodes = ["gv11b", "gp10b", "ga10b", "gpu"];

    private string? _directory;
    private bool _discovered;

    public bool Present => Directory is not null;

    private string? Directory
    {
        get
        {
            if (!_discovered)
            {
                _directory = Discover();
                _discovered = true;
            }

            return _directory;
        }
    }

    public (double? LoadPercent, double? FrequencyMHz) Read()
    {
        if (Directory is not { } dir)
        {
            return (null, null);
        }

        var load = files.Value(Path.Join(dir, "device", "load")) is { } permille && permille is >= 0 and <= 1000 ? permille / 10.0 : (double?)null;
        var frequency = files.Value(Path.Join(dir, "cur_freq")) is { } hz && hz >= 0 ? hz / 1e6 : (double?)null;
        return (load, frequency);
    }

    private string? Discover()
    {
        foreach (var device in files.Directories(files.Resolve("/sys/class/devfreq"), "*"))
        {
            // Device-tree name properties end in a NUL byte.
            var node = files.OptionalText(Path.Join(device, "of_node", "name"))?.TrimEnd('\0');
            if (node is not null && GpuNodes.Contains(node, StringComparer.Ordinal))
            {
                return device;
            }
        }

        return null;
    }
}
