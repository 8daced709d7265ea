namespace Tmo.Edge.Daemon.Telemetry;

/// <summary>
/// A Jetson's GPU load and clock from devfreq, found as jtop finds it (rbonghi/jetson_stats, jtop/core/gpu.py,
/// find_igpu): each `/sys/class/devfreq/*` entry is the kernel's symlink to the devfreq device, which nvgpu registers
/// under the GPU's own platform device and names after it (17000000.ga10b on an Orin with JetPack 5, 17000000.gpu with
/// JetPack 6); its `device` link leads back to the GPU, whose `of_node/name` is the device-tree node's name (gp10b TX2,
/// gv11b Xavier, ga10b Orin, gb10b Thor, gpu on newer trees and the Nano; NUL-terminated) and whose `load` is per mille
/// (nvgpu's gk20a_load_show). The devfreq device's `cur_freq` is in Hz (kernel Documentation/ABI/testing/sysfs-class-devfreq).
/// An `of_node` directly on the devfreq entry is the fallback for trees that link it there.
/// </summary>
public sealed class DevfreqGpu(SensorFiles files)
{
    private static readonly string[] GpuNodes = ["gv11b", "gp10b", "ga10b", "gb10b"];

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
            var node = NodeName(Path.Join(device, "device", "of_node", "name")) ?? NodeName(Path.Join(device, "of_node", "name"));
            // jtop also takes any node whose name contains "gpu" (gpu@17000000 style names on newer device trees).
            if (node is not null && (GpuNodes.Contains(node, StringComparer.OrdinalIgnoreCase) || node.Contains("gpu", StringComparison.OrdinalIgnoreCase)))
            {
                return device;
            }
        }

        return null;
    }

    /// <summary>Device-tree name properties end in a NUL byte.</summary>
    private string? NodeName(string file) => files.OptionalText(file)?.TrimEnd('\0');
}
