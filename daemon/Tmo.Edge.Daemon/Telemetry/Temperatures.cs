namespace Tmo.Edge.Daemon.Telemetry;

/// <summary>
/// Temperatures in degrees C from thermal zones (`/sys/class/thermal/thermal_zone*/type` and `temp` in milli-degC)
/// and hwmon chips (`/sys/class/hwmon/hwmon*/name`, `temp*_input`, optional `temp*_label`; the hwmon mirrors of thermal zones
/// are skipped). A zone reading -256 C
/// (Jetson's value for a powered-off sensor) or an implausible value is left out. Sensors are found once.
/// </summary>
public sealed class Temperatures(SensorFiles files)
{
    /// <summary>Jetson reports -256 C for zones whose sensor is off (e.g. CV0-thermal while the DLA is idle).</summary>
    private const long OfflineMilliC = -256_000;

    private IReadOnlyList<Sensor>? _sensors;

    public bool Present => Sensors.Count > 0;

    private IReadOnlyList<Sensor> Sensors => _sensors ??= Discover();

    public Dictionary<string, double> Read()
    {
        var sensors = Sensors;
        var temperatures = new Dictionary<string, double>(sensors.Count, StringComparer.Ordinal);
        foreach (var sensor in sensors)
        {
            if (files.Value(sensor.File) is { } milli && milli != OfflineMilliC)
            {
                var celsius = milli / 1000.0;
                if (celsius is > -60 and < 200)
                {
                    temperatures[sensor.Name] = celsius;
                }
                else
                {
                    files.Report(sensor.File, $"implausible temperature {celsius} C");
                }
            }
        }

        return temperatures;
    }

    private List<Sensor> Discover()
    {
        var sensors = new List<Sensor>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var zoneTypes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var zone in files.Directories(files.Resolve("/sys/class/thermal"), "thermal_zone*"))
        {
            var type = files.OptionalText(Path.Join(zone, "type"));
            if (!string.IsNullOrEmpty(type))
            {
                zoneTypes.Add(type);
                sensors.Add(new Sensor(Unique(names, type), Path.Join(zone, "temp")));
            }
        }

        foreach (var hwmon in files.Directories(files.Resolve("/sys/class/hwmon"), "hwmon*"))
        {
            // A thermal zone also registers a hwmon device named after its type (acpitz on x86): read it once.
            var chip = files.OptionalText(Path.Join(hwmon, "name"));
            if (string.IsNullOrEmpty(chip) || zoneTypes.Contains(chip))
            {
                continue;
            }

            var inputs = Directory.GetFiles(hwmon, "temp*_input");
            Array.Sort(inputs, NaturalOrder.Instance);
            foreach (var input in inputs)
            {
                var channel = Path.GetFileName(input)[..^"_input".Length];
                var label = files.OptionalText(Path.Join(hwmon, $"{channel}_label"));
                var name = label is { Length: > 0 } ? $"{chip}/{label}" : inputs.Length == 1 ? chip : $"{chip}/{channel}";
                sensors.Add(new Sensor(Unique(names, name), input));
            }
        }

        return sensors;
    }

    private static string Unique(HashSet<string> names, string name)
    {
        var candidate = name;
        for (var i = 2; !names.Add(candidate); i++)
        {
            candidate = $"{name}#{i}";
        }

        return candidate;
    }

    private sealed record Sensor(string Name, string File);
}
