using Tmo.Edge.Core.Telemetry;

namespace Tmo.Edge.Daemon.Telemetry;

/// <summary>
/// Jetson power rails on L4T / JetPack 5 and later: each INA3221 (<see cref="Ina3221Monitors"/>) has the upstream
/// hwmon driver's `hwmon/hwmon*` folder with `in{N}_label`, `in{N}_input` (bus mV) and `curr{N}_input` (mA) for
/// channels 1-3 (kernel Documentation/hwmon/ina3221.rst). The "sum of shunt voltages" channel (in7) and unconnected
/// channels (labels containing NC, as on the AGX Orin; jtop/core/power.py skips both the same way) are left out.
/// Channels are found once: sysfs layouts do not change while the board runs, and re-listing directories every
/// second would cost more than reading the values.
/// </summary>
public sealed class Ina3221HwmonRails(SensorFiles files)
{
    private IReadOnlyList<Channel>? _channels;

    public bool Present => Channels.Count > 0;

    private IReadOnlyList<Channel> Channels => _channels ??= Discover();

    public IReadOnlyList<PowerRail> Read()
    {
        var channels = Channels;
        var rails = new PowerRail[channels.Count];
        for (var i = 0; i < channels.Count; i++)
        {
            var c = channels[i];
            var voltage = files.Value(c.VoltageFile) is { } mv && mv >= 0 ? mv / 1000.0 : (double?)null;
            var current = files.Value(c.CurrentFile) is { } ma && ma >= 0 ? ma / 1000.0 : (double?)null;
            rails[i] = new PowerRail(c.Label, voltage, current, voltage * current);
        }

        return rails;
    }

    private List<Channel> Discover()
    {
        var channels = new List<Channel>();
        foreach (var device in Ina3221Monitors.Find(files))
        {
            foreach (var hwmon in files.Directories(Path.Join(device, "hwmon"), "hwmon*"))
            {
                for (var n = 1; n <= 8; n++)
                {
                    var label = files.OptionalText(Path.Join(hwmon, $"in{n}_label"));
                    // A labelled channel counts even when its value files cannot be read: the rail is then reported
                    // with null readings (and the board's power as unknown) instead of silently missing from the sum.
                    if (label is null || !IsConnected(label))
                    {
                        continue;
                    }

                    channels.Add(new Channel(label, Path.Join(hwmon, $"in{n}_input"), Path.Join(hwmon, $"curr{n}_input")));
                }
            }
        }

        return channels;
    }

    private static bool IsConnected(string label) =>
        label.Length > 0
        && !label.Equals("sum of shunt voltages", StringComparison.OrdinalIgnoreCase)
        && !label.Contains("NC", StringComparison.Ordinal);

    private sealed record Channel(string Label, string VoltageFile, string CurrentFile);
}
