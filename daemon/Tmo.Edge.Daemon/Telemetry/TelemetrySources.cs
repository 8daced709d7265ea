using Microsoft.Extensions.Logging;

namespace Tmo.Edge.Daemon.Telemetry;

/// <summary>
/// Builds the configured source, or detects one under the root for "auto": a Jetson (INA3221 or a Tegra GPU under
/// devfreq), else a host with the NVIDIA driver (/proc/driver/nvidia/version or /dev/nvidia0) through nvidia-smi,
/// else generic Linux. tegrastats, INA219 and the trace are never guessed: they are named in the options.
/// </summary>
public static class TelemetrySources
{
    public static ITelemetrySource Create(TelemetryOptions options, ILogger logger, ICommandRunner commands)
    {
        ArgumentNullException.ThrowIfNull(options);
        var files = new SensorFiles(options.Root, logger);
        return options.Source switch
        {
            "auto" => Detect(files, options, commands),
            JetsonSource.SourceName => new JetsonSource(files),
            LinuxSource.SourceName => new LinuxSource(files),
            NvidiaSmiSource.SourceName => new NvidiaSmiSource(files, commands, options.NvidiaSmiPath),
            TegrastatsLine.SourceName => new TegrastatsSource(files, options.TegrastatsPath, TimeSpan.FromSeconds(options.IntervalS)),
            Ina219Source.SourceName => new Ina219Source(files, options.Ina219Bus, options.Ina219Address, options.Ina219ShuntOhms, options.Ina219MaxCurrentA),
            TraceSource.SourceName => new TraceSource(options.TracePath ?? throw new ArgumentException("The trace source needs Tmo:Telemetry:TracePath."), files),
            _ => throw new ArgumentException($"Unknown telemetry source '{options.Source}'; known: {string.Join(", ", TelemetryOptions.Sources)}."),
        };
    }

    private static ITelemetrySource Detect(SensorFiles files, TelemetryOptions options, ICommandRunner commands)
    {
        var jetson = new JetsonSource(files);
        if (jetson.Detected)
        {
            return jetson;
        }

        return File.Exists(files.Resolve("/proc/driver/nvidia/version")) || File.Exists(files.Resolve("/dev/nvidia0"))
            ? new NvidiaSmiSource(files, commands, options.NvidiaSmiPath)
            : new LinuxSource(files);
    }
}
