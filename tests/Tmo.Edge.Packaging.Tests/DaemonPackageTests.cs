using System.Text.RegularExpressions;

namespace Tmo.Edge.Packaging.Tests;

/// <summary>The daemon's .deb: lint, contents, an install into a scratch root, its unit, and an upgrade.</summary>
[Collection(BuiltPackageCollection.Name)]
public sealed partial class DaemonPackageTests(BuiltPackage package)
{
    [Fact]
    public async Task Lintian_reports_nothing_beyond_the_overrides_listed_with_their_reasons()
    {
        var (clean, report) = await PackageChecks.LintianAsync(package.DaemonDeb);

        Assert.True(clean, report);
    }

    [Fact]
    public async Task The_package_holds_the_self_contained_daemon_its_unit_config_checkpoint_and_docs()
    {
        var listing = await Tool.CheckedAsync("dpkg-deb", ["--contents", package.DaemonDeb]);
        var entries = listing.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => Entry().Match(line))
            .Where(match => match.Success)
            .ToDictionary(match => match.Groups["path"].Value.TrimEnd('/'), match => match.Groups["mode"].Value);

        Assert.Equal("-rwxr-xr-x", entries["./usr/lib/tmo-edge/tmo-edge"]);
        Assert.Equal("lrwxrwxrwx", entries["./usr/bin/tmo-edge -> ../lib/tmo-edge/tmo-edge"]);
        Assert.Equal("-rw-r--r--", entries["./usr/lib/tmo-edge/libcoreclr.so"]);
        Assert.Equal("-rw-r--r--", entries["./etc/tmo-edge/appsettings.json"]);
        Assert.Equal("drwx------", entries["./etc/tmo-edge/credentials"]);
        Assert.Contains("./lib/systemd/system/tmo-edge.service", entries.Keys);
        Assert.Contains("./usr/share/tmo-edge/policy.json", entries.Keys);
        Assert.Contains("./usr/share/tmo-edge/m4a1/M4A1.json", entries.Keys);
        Assert.Contains("./usr/share/doc/tmo-edge/copyright", entries.Keys);
        Assert.Contains("./usr/share/doc/tmo-edge/changelog.gz", entries.Keys);
        Assert.Contains("./usr/share/doc/tmo-edge/examples/mosquitto/tmo-edge.acl", entries.Keys);
        Assert.Contains("./usr/share/doc/tmo-edge/examples/mosquitto/tmo-edge-bridge.conf", entries.Keys);
        Assert.Contains("./usr/share/man/man1/tmo-edge.1.gz", entries.Keys);
        Assert.DoesNotContain(entries.Keys, path => path.EndsWith(".pdb", StringComparison.Ordinal));
        Assert.Equal("/etc/tmo-edge/appsettings.json", (await ControlFileAsync("conffiles")).Trim());
        Assert.Equal(package.Version, await FieldAsync("Version"));
        Assert.Contains("adduser", await FieldAsync("Depends"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_installed_daemon_prints_its_version_and_shows_the_shipped_checkpoint()
    {
        using var root = new ScratchRoot();
        await root.InstallAsync(package.DaemonDeb);

        var version = await Tool.CheckedAsync(root.Combine("usr/bin/tmo-edge"), ["--version"]);
        var policy = await Tool.CheckedAsync(root.Combine("usr/bin/tmo-edge"), ["policy", "show", root.Combine("usr/share/tmo-edge/policy.json")]);

        Assert.StartsWith(package.Version, version.Trim(), StringComparison.Ordinal);
        // Trained with --algo auto: the winner and the candidates it beat on validation.
        Assert.Contains("Auto selection:", policy, StringComparison.Ordinal);
        Assert.Contains("(shipped)", policy, StringComparison.Ordinal);
        Assert.Matches(@"Tasks\s+\S", policy);
    }

    [Fact]
    public async Task The_unit_verifies_cleanly_and_its_sandbox_scores_as_well_exposed_at_most_two()
    {
        using var root = new ScratchRoot();
        await root.InstallAsync(package.DaemonDeb);
        root.AddHostSystemdUnits();

        var verify = await PackageChecks.VerifyAsync(root, "tmo-edge.service");
        var (exposure, security) = await PackageChecks.ExposureAsync(root, "tmo-edge.service");

        Assert.True(verify.Clean, verify.Report);
        Assert.True(exposure <= 2.0, $"exposure {exposure}:\n{security}");
    }

    [Fact]
    public async Task An_upgrade_keeps_a_locally_edited_conffile_and_the_database_and_purge_removes_the_state()
    {
        var previous = await RepackAsAsync(package.DaemonDeb, "0.0.1", package.OutputDirectory);
        using var root = new ScratchRoot();
        await root.InstallAsync(previous);
        var config = root.Combine("etc/tmo-edge/appsettings.json");
        var edited = File.ReadAllText(config).Replace("\"edge-1\"", "\"kitchen-7\"", StringComparison.Ordinal);
        File.WriteAllText(config, edited);
        var database = root.Combine("var/lib/tmo-edge/tmo-edge.db");
        Directory.CreateDirectory(Path.GetDirectoryName(database)!);
        File.WriteAllText(database, "the device's history");

        await root.InstallAsync(package.DaemonDeb);

        Assert.Equal(edited, File.ReadAllText(config));
        Assert.Equal("the device's history", File.ReadAllText(database));
        Assert.Contains($"Version: {package.Version}", File.ReadAllText(root.Combine("var/lib/dpkg/status")), StringComparison.Ordinal);

        await root.PurgeAsync("tmo-edge");

        Assert.False(Directory.Exists(root.Combine("var/lib/tmo-edge")));
        Assert.False(File.Exists(config));
    }

    private async Task<string> FieldAsync(string field) => (await Tool.CheckedAsync("dpkg-deb", ["--field", package.DaemonDeb, field])).Trim();

    private Task<string> ControlFileAsync(string name) => Tool.CheckedAsync("dpkg-deb", ["--info", package.DaemonDeb, name]);

    /// <summary>The same package under another version, as a stand-in for the release before this one.</summary>
    private static async Task<string> RepackAsAsync(string deb, string version, string outputDirectory)
    {
        var tree = Directory.CreateTempSubdirectory("tmo-repack-").FullName;
        try
        {
            await Tool.CheckedAsync("dpkg-deb", ["--raw-extract", deb, tree]);
            var control = Path.Combine(tree, "DEBIAN", "control");
            File.WriteAllText(control, VersionLine().Replace(File.ReadAllText(control), $"Version: {version}"));
            var repacked = Path.Combine(outputDirectory, $"tmo-edge_{version}_all-tests.deb");
            await Tool.CheckedAsync("fakeroot", ["dpkg-deb", "--build", "--root-owner-group", "-Zxz", "-z1", tree, repacked]);
            return repacked;
        }
        finally
        {
            Directory.Delete(tree, recursive: true);
        }
    }

    [GeneratedRegex(@"^(?<mode>[-dlrwx]{10}) \S+\s+\d+ \S+ \S+ (?<path>.+)$")]
    private static partial Regex Entry();

    [GeneratedRegex(@"^Version: .*$", RegexOptions.Multiline)]
    private static partial Regex VersionLine();
}
