using Microsoft.Extensions.Logging.Abstractions;
using Tmo.Edge.Daemon.Telemetry;
using Tmo.Edge.Daemon.Tests.Mqtt;

namespace Tmo.Edge.Daemon.Tests.Telemetry;

/// <summary>The sysfs/procfs fixture trees under Telemetry/Fixtures, shaped like the real devices, and writable copies of them.</summary>
internal static class Fixtures
{
    public static string Root(string device) => Path.Combine(AppContext.BaseDirectory, "Telemetry", "Fixtures", device);

    /// <summary>Readers on a fixture by device name, or on any directory by absolute path.</summary>
    public static SensorFiles Files(string device) => new(Path.IsPathRooted(device) ? device : Root(device), NullLogger.Instance);

    /// <summary>A private copy of a fixture tree that a test may break.</summary>
    public static string Copy(string device)
    {
        var target = Directory.CreateTempSubdirectory($"tmo-telemetry-{device}-").FullName;
        var source = Root(device);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        return target;
    }

    public static SensorFiles Logged(string root, RecordingLoggerProvider logs) => new(root, logs.CreateLogger("telemetry"));
}
