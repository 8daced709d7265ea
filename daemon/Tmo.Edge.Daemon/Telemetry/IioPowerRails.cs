using Tmo.Edge.Core.Telemetry;

namespace Tmo.Edge.Daemon.Telemetry;

/// <summary>
/// Jetson power rails on JetPack 4 (TX2, Nano): each INA3221 (<see cref="Ina3221Monitors"/>) has NVIDIA's ina3221x
/// driver's `iio:device*` folder with `rail_name_{N}`, `in_power{N}_input` (mW), `in_voltage{N}_input` (mV) and
/// `in_current{N}_input` (mA) (L4T r32 Development Guide, "Power Management for Jetson TX2", and
/// jtop/core/power.py, list_all_i2c_ports). Channels are found once.
/// </summary>
public sealed class IioPowerRails(SensorFiles files)
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
            var power = files.Value(c.PowerFile) is { } mw && mw >= 0 ? mw / 1000.0 : (double?)null;
            var voltage = files.OptionalValue(c.VoltageFile) is { } mv && mv >= 0 ? mv / 1000.0 : (double?)null;
            var current = files.OptionalValue(c.CurrentFile) is { } ma && ma >= 0 ? ma / 1000.0 : (double?)null;
            rails[i] = new PowerRail(c.Name, voltage, current, power);
        }

        return rails;
    }

    private List<Channel> Discover()
    {
        var channels = new List<Channel>();
        foreach (var device in Ina3221Monitors.Find(files))
        {
            foreach (var iio in files.Directories(device, "iio:device*"))
            {
                for (var n = 0; n < 8; n++)
                {
                    var name = files.OptionalText(Path.Join(iio, $"rail_name_{n}"));
                    if (string.IsNullOrEmpty(name))
                    {
                        continue;
                    }

                    channels.Add(new Channel(name, Path.Join(iio, $"in_power{n}_input"), Path.Join(iio, $"in_voltage{n}_input"), Path.Join(iio, $"in_current{n}_input")));
                }
            }
        }

        return channels;
    }

    private sealed record Channel(string Name, string PowerFile, string VoltageFile, string CurrentFile);
}
