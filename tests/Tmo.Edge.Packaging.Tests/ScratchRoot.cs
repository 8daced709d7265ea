namespace Tmo.Edge.Packaging.Tests;

/// <summary>
/// An empty dpkg database in a temporary directory: packages are installed there with `dpkg --root`, nothing on the
/// machine changes. Maintainer scripts run outside a chroot with DPKG_ROOT set (--force-script-chrootless), which ours
/// honour by touching nothing but files below it; dependencies are not installed there, hence --force-depends.
/// </summary>
internal sealed class ScratchRoot : IDisposable
{
    public ScratchRoot()
    {
        Path = Directory.CreateTempSubdirectory("tmo-root-").FullName;
        foreach (var directory in new[] { "var/lib/dpkg/info", "var/lib/dpkg/updates", "var/lib/dpkg/triggers", "var/log" })
        {
            Directory.CreateDirectory(Combine(directory));
        }

        File.WriteAllText(Combine("var/lib/dpkg/status"), "");
    }

    public string Path { get; }

    public string Combine(string relative) => System.IO.Path.Combine(Path, relative);

    public Task<string> InstallAsync(string deb) => DpkgAsync("--install", deb);

    public Task<string> PurgeAsync(string package) => DpkgAsync("--purge", package);

    /// <summary>
    /// Gives systemd's own unit tree to the scratch root, so `systemd-analyze --root` can resolve the targets a unit
    /// refers to (sysinit.target and the like) the way it would on a device.
    /// </summary>
    public void AddHostSystemdUnits()
    {
        Directory.CreateDirectory(Combine("lib/systemd/system"));
        foreach (var source in new[] { "/lib/systemd/system", "/usr/lib/systemd/system" }.Where(Directory.Exists))
        {
            foreach (var file in Directory.EnumerateFiles(source))
            {
                var destination = Combine($"lib/systemd/system/{System.IO.Path.GetFileName(file)}");
                if (!File.Exists(destination))
                {
                    File.Copy(file, destination);
                }
            }
        }
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);

    private Task<string> DpkgAsync(string action, string target) => Tool.CheckedAsync(
        "dpkg",
        [$"--root={Path}", $"--log={Combine("var/log/dpkg.log")}", "--force-script-chrootless", "--force-depends", "--force-confold", action, target]);
}
