using Microsoft.Extensions.Logging.Abstractions;
using Tmo.Edge.Daemon.Telemetry;
using Tmo.Edge.Daemon.Tests.Mqtt;

namespace Tmo.Edge.Daemon.Tests.Telemetry;

/// <summary>
/// The sysfs/procfs fixture trees under Telemetry/Fixtures (laid out as the devices have them: device folders under
/// /sys/devices, class and bus entries as relative symlinks into them; Fixtures/README.md), and writable copies.
/// They are read where they are in the checkout: a build's copy to the output folder would turn the links into files.
/// </summary>
internal static class Fixtures
{
    public static string Root(string device) => Path.Combine(RepositoryRoot.Find(), "tests", "Tmo.Edge.Daemon.Tests", "Telemetry", "Fixtures", device);

    /// <summary>Readers on a fixture by device name, or on any directory by absolute path.</summary>
    public static SensorFiles Files(string device) => new(Path.IsPathRooted(device) ? device : Root(device), NullLogger.Instance);

    /// <summary>A private copy of a fixture tree that a test may break; symlinks are copied as the links they are.</summary>
    public static string Copy(string device)
    {
        var target = Directory.CreateTempSubdirectory($"tmo-telemetry-{device}-").FullName;
        CopyTree(Root(device), target);
        return target;
    }

    public static SensorFiles Logged(string root, RecordingLoggerProvider logs) => new(root, logs.CreateLogger("telemetry"));

    private static void CopyTree(string source, string target)
    {
        foreach (var entry in new DirectoryInfo(source).EnumerateFileSystemInfos())
        {
            var destination = Path.Combine(target, entry.Name);
            if (entry.LinkTarget is { } link)
            {
                File.CreateSymbolicLink(destination, link);
            }
            else if (entry is DirectoryInfo)
            {
                Directory.CreateDirectory(destination);
                CopyTree(entry.FullName, destination);
            }
            else
            {
                File.Copy(entry.FullName, destination);
            }
        }
    }
}
