using System.Globalization;
using Tmo.Edge.Core.Telemetry;
using Tmo.Edge.Daemon.Telemetry;

namespace Tmo.Edge.Daemon.Doctor;

/// <summary>
/// Telemetry as the daemon would read it: which source, and each reading with its value or why it is null (the
/// unreadable file and its reason, or where the source looks for it). A reading a configured gate depends on is
/// needed: board power with a power cap, available memory with a model size, a temperature with a local model.
/// </summary>
public sealed class TelemetryDiagnosis(DoctorSettings settings, ICommandRunner commands)
{
    public async Task<IReadOnlyList<DoctorCheck>> RunAsync(CancellationToken cancellationToken)
    {
        var options = settings.Telemetry;
        if (!options.Enabled)
        {
            return [DoctorCheck.Warn("telemetry", "disabled (Tmo:Telemetry:Enabled is false): no thermal, memory or power gates")];
        }

        var reports = new UnreadableReadings();
        ITelemetrySource source;
        try
        {
            source = TelemetrySources.Create(options, reports, commands);
        }
        catch (ArgumentException ex)
        {
            return [DoctorCheck.Fail("telemetry source", ex.Message)];
        }

        TelemetrySample sample;
        try
        {
            sample = await source.ReadAsync(cancellationToken);
        }
        finally
        {
            (source as IDisposable)?.Dispose();
        }

        var root = Path.GetFullPath(options.Root);
        var checks = new List<DoctorCheck> { SourceLine(source.Name, sample, root) };
        checks.AddRange(Power(sample, reports, root));
        checks.AddRange(Temperatures(sample, reports, root));
        checks.Add(Reading("gpu load", sample.GpuLoadPercent, "%", false, sample.Source, reports, root));
        checks.Add(Reading("gpu frequency", sample.GpuFrequencyMHz, "MHz", false, sample.Source, reports, root));
        checks.Add(Reading("memory total", sample.MemoryTotalMB, "MB", false, sample.Source, reports, root));
        checks.Add(Reading("memory available", sample.MemoryAvailableMB, "MB", options.LocalModelMemoryMB > 0, sample.Source, reports, root));
        checks.Add(Reading("gpu memory used", sample.GpuMemoryUsedMB, "MB", false, sample.Source, reports, root));
        checks.Add(sample.PowerMode is { } mode
            ? DoctorCheck.Ok("power mode", $"nvpmodel mode {mode}")
            : DoctorCheck.Warn("power mode", WhyNull("power mode", sample.Source, reports, root)));
        return checks;
    }

    private DoctorCheck SourceLine(string name, TelemetrySample sample, string root)
    {
        var how = settings.Telemetry.Source == "auto" ? "detected" : "configured";
        var where = root == "/" ? string.Empty : $" under {root}";
        var readsNothing = sample.Rails.Count == 0 && sample.TemperaturesC.Count == 0 && sample.MemoryTotalMB is null && sample.GpuLoadPercent is null;
        if (readsNothing)
        {
            return DoctorCheck.Fail("telemetry source", $"{name} ({how}{where}) reads nothing: no rails, temperatures, memory or GPU");
        }

        return name == LinuxSource.SourceName && how == "detected"
            ? DoctorCheck.Ok("telemetry source", $"{name} ({how}{where}; no INA3221 on the I2C bus, no Tegra GPU under /sys/class/devfreq, no NVIDIA driver)")
            : DoctorCheck.Ok("telemetry source", $"{name} ({how}{where})");
    }

    private IEnumerable<DoctorCheck> Power(TelemetrySample sample, UnreadableReadings reports, string root)
    {
        var needed = settings.Telemetry.PowerCapW > 0;
        yield return sample.PowerW is { } watts
            ? DoctorCheck.Ok("power", $"{F(watts)} W")
            : DoctorCheck.Missing(needed, "power", WhyNull("power", sample.Source, reports, root) + (needed ? " (Tmo:Telemetry:PowerCapW needs it)" : string.Empty));

        foreach (var rail in sample.Rails)
        {
            var values = $"{Value(rail.VoltageV, "V")}, {Value(rail.CurrentA, "A")}, {Value(rail.PowerW, "W")}";
            yield return rail.PowerW is not null
                ? DoctorCheck.Ok($"rail {rail.Name}", values)
                : DoctorCheck.Warn($"rail {rail.Name}", $"{values} ({reports.About(root, "hwmon", "iio:device", "ina3221", "i2c") ?? "no reading"})");
        }
    }

    private IEnumerable<DoctorCheck> Temperatures(TelemetrySample sample, UnreadableReadings reports, string root)
    {
        if (sample.TemperaturesC.Count == 0)
        {
            var needed = settings.LocalLlm.Enabled;
            yield return DoctorCheck.Missing(
                needed, "temperatures", (reports.About(root, "thermal", "hwmon") ?? "no thermal zone (/sys/class/thermal/thermal_zone*) or hwmon temperature (/sys/class/hwmon/hwmon*/temp*_input)")
                + (needed ? " (the local model's thermal gate needs one)" : string.Empty));
            yield break;
        }

        foreach (var (zone, celsius) in sample.TemperaturesC)
        {
            yield return DoctorCheck.Ok($"temperature {zone}", $"{F(celsius)} C");
        }

        if (reports.About(root, "thermal", "hwmon") is { } unreadable)
        {
            yield return DoctorCheck.Warn("temperatures", $"some sensors unreadable: {unreadable}");
        }
    }

    private DoctorCheck Reading(string name, double? value, string unit, bool needed, string source, UnreadableReadings reports, string root) =>
        value is { } v
            ? DoctorCheck.Ok(name, $"{F(v)} {unit}")
            : DoctorCheck.Missing(needed, name, WhyNull(name, source, reports, root) + (needed ? " (Tmo:Telemetry:LocalModelMemoryMB needs it)" : string.Empty));

    /// <summary>An unreadable file behind the reading, else where the source looks for it.</summary>
    private string WhyNull(string reading, string source, UnreadableReadings reports, string root)
    {
        var unreadable = source == NvidiaSmiSource.SourceName
            ? reports.About(root, settings.Telemetry.NvidiaSmiPath, "meminfo")
            : reading switch
            {
                "power" => reports.About(root, "hwmon", "iio:device", "ina3221", "i2c"),
                "gpu load" or "gpu frequency" => reports.About(root, "devfreq", "/load"),
                "power mode" => reports.About(root, "nvpmodel"),
                _ => reports.About(root, "meminfo"),
            };
        return unreadable ?? (source, reading) switch
        {
            (JetsonSource.SourceName, "power") => "no INA3221 under /sys/bus/i2c/devices/*/name (ina3221, ina3221x) or /sys/bus/i2c/drivers/ina3221x",
            (JetsonSource.SourceName, "gpu load" or "gpu frequency") => "no Tegra GPU under /sys/class/devfreq/*/device/of_node/name (gp10b, gv11b, ga10b, gb10b, gpu)",
            (JetsonSource.SourceName, "gpu memory used") => "no NvMapMemUsed in /proc/meminfo (JetPack 4 does not report it)",
            (NvidiaSmiSource.SourceName, "gpu frequency") => "nvidia-smi printed no clocks.current.graphics",
            (NvidiaSmiSource.SourceName, "power mode") => "nvpmodel is a Jetson tool",
            (_, "power mode") => "no /var/lib/nvpmodel/status (nvpmodel is not installed)",
            (_, "memory total" or "memory available") => "no MemTotal/MemAvailable in /proc/meminfo",
            _ => $"the {source} source does not read it",
        };
    }

    private static string Value(double? value, string unit) => value is { } v ? $"{F(v)} {unit}" : $"? {unit}";

    private static string F(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
