namespace Tmo.Edge.Daemon.Telemetry;

/// <summary>
/// A Jetson's INA3221 power monitors, found the way jtop finds them (rbonghi/jetson_stats, jtop/core/power.py,
/// find_all_i2c_power_monitor): every I2C client in /sys/bus/i2c/devices whose `name` contains "ina3221", which is
/// "ina3221" for the upstream hwmon driver (JetPack 5 and later) and "ina3221x" for NVIDIA's iio driver (JetPack 4).
/// The entries there are the kernel's symlinks into /sys/devices/..., so what comes back is each client's directory,
/// holding `hwmon/hwmon*` or `iio:device*`. Where that listing names none, the clients bound to the JetPack 4 driver
/// (/sys/bus/i2c/drivers/ina3221x/*) are the fallback.
/// </summary>
public static class Ina3221Monitors
{
    private const string ChipName = "ina3221";

    public static IReadOnlyList<string> Find(SensorFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var clients = files.Directories(files.Resolve("/sys/bus/i2c/devices"), "*")
            .Where(client => files.OptionalText(Path.Join(client, "name"))?.Contains(ChipName, StringComparison.Ordinal) == true)
            .ToList();
        return clients.Count > 0 ? clients : files.Directories(files.Resolve("/sys/bus/i2c/drivers/ina3221x"), "*");
    }
}
