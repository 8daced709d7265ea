using System.Globalization;
using System.Text.RegularExpressions;

namespace Tmo.Edge.Packaging.Tests;

/// <summary>The console's .deb: lint, contents, an install beside the daemon's, and a sandbox stricter than the daemon's.</summary>
[Collection(BuiltPackageCollection.Name)]
public sealed partial class ConsolePackageTests(BuiltPackage package)
{
    [Fact]
    public async Task Lintian_reports_nothing_beyond_the_overrides_listed_with_their_reasons()
    {
        var result = await Tool.RunAsync("lintian", ["--fail-on", "error,warning", package.ConsoleDeb]);

        Assert.True(result.ExitCode == 0 && !result.Output.Split('\n').Any(line => line.StartsWith("E: ", StringComparison.Ordinal) || line.StartsWith("W: ", StringComparison.Ordinal)),
            $"lintian:\n{result.Output}\n{result.Error}");
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

        var verify = await Tool.RunAsync("systemd-analyze", ["verify", $"--root={root.Path}", "tmo-edge-console.service"]);
        var console = await ExposureAsync(root, "tmo-edge-console.service");
        var daemon = await ExposureAsync(root, "tmo-edge.service");

        Assert.True(verify.ExitCode == 0 && verify.Output.Length == 0 && verify.Error.Length == 0, $"verify:\n{verify.Output}{verify.Error}");
        Assert.True(console < daemon, $"console {console} should be less exposed than the daemon {daemon}");
        var help = await Tool.RunAsync(root.Combine("usr/bin/tmo-edge-console"), ["set-password", "--user"]);
        Assert.Contains("--user needs a name", help.Error, StringComparison.Ordinal);
    }

    private static async Task<double> ExposureAsync(ScratchRoot root, string unit)
    {
        var security = await Tool.CheckedAsync("systemd-analyze", ["security", "--offline=true", $"--root={root.Path}", unit]);
        return double.Parse(Exposure().Match(security).Groups["score"].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"Overall exposure level for \S+: (?<score>\d+(\.\d+)?)")]
    private static partial Regex Exposure();
}
