namespace Tmo.Edge.Packaging.Tests;

/// <summary>The console's .deb: lint, contents, an install beside the daemon's, and a sandbox stricter than the daemon's.</summary>
[Collection(BuiltPackageCollection.Name)]
public sealed class ConsolePackageTests(BuiltPackage package)
{
    [Fact]
    public async Task Lintian_reports_nothing_beyond_the_overrides_listed_with_their_reasons()
    {
        var (clean, report) = await PackageChecks.LintianAsync(package.ConsoleDeb);

        Assert.True(clean, report);
    }

    [Fact]
    public async Task The_package_holds_the_console_its_web_assets_unit_and_config_and_needs_the_same_daemon_version()
    {
        var listing = await Tool.CheckedAsync("dpkg-deb", ["--contents", package.ConsoleDeb]);

        Assert.Contains("./usr/lib/tmo-edge-console/tmo-edge-console", listing, StringComparison.Ordinal);
        Assert.Contains("./usr/bin/tmo-edge-console -> ../lib/tmo-edge-console/tmo-edge-console", listing, StringComparison.Ordinal);
        Assert.Matches(@"\./usr/lib/tmo-edge-console/wwwroot/_content/MudBlazor/MudBlazor\.min\.(css|js)", listing);
        Assert.Contains("./lib/systemd/system/tmo-edge-console.service", listing, StringComparison.Ordinal);
        Assert.Contains("./etc/tmo-edge-console/appsettings.json", listing, StringComparison.Ordinal);
        Assert.DoesNotContain("runtimes/win", listing, StringComparison.Ordinal);
        var depends = (await Tool.CheckedAsync("dpkg-deb", ["--field", package.ConsoleDeb, "Depends"])).Trim();
        Assert.Contains($"tmo-edge (= {package.Version})", depends, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Installed_beside_the_daemon_its_unit_verifies_and_its_sandbox_is_stricter_than_the_daemons()
    {
        using var root = new ScratchRoot();
        await root.InstallAsync(package.DaemonDeb);
        await root.InstallAsync(package.ConsoleDeb);
        root.AddHostSystemdUnits();

        var verify = await PackageChecks.VerifyAsync(root, "tmo-edge-console.service");
        var (console, _) = await PackageChecks.ExposureAsync(root, "tmo-edge-console.service");
        var (daemon, _) = await PackageChecks.ExposureAsync(root, "tmo-edge.service");

        Assert.True(verify.Clean, verify.Report);
        Assert.True(console < daemon, $"console {console} should be less exposed than the daemon {daemon}");
        var help = await Tool.RunAsync(root.Combine("usr/bin/tmo-edge-console"), ["set-password", "--user"]);
        Assert.Contains("--user needs a name", help.Error, StringComparison.Ordinal);
    }
}
