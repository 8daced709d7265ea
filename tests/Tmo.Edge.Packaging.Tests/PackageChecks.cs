using System.Globalization;
using System.Text.RegularExpressions;

namespace Tmo.Edge.Packaging.Tests;

/// <summary>The checks both packages go through: lintian, and systemd-analyze on a unit installed in a scratch root.</summary>
internal static partial class PackageChecks
{
    /// <summary>Lintian's errors and warnings (overrides applied), with its whole output for the failure message.</summary>
    public static async Task<(bool Clean, string Report)> LintianAsync(string deb)
    {
        var result = await Tool.RunAsync("lintian", ["--fail-on", "error,warning", deb]);
        var findings = result.Output.Split('\n').Count(line => LintianFinding().IsMatch(line));
        return (result.ExitCode == 0 && findings == 0, $"lintian:\n{result.Output}\n{result.Error}");
    }

    /// <summary>`systemd-analyze verify`: clean when it prints nothing.</summary>
    public static async Task<(bool Clean, string Report)> VerifyAsync(ScratchRoot root, string unit)
    {
        var verify = await Tool.RunAsync("systemd-analyze", ["verify", $"--root={root.Path}", unit]);
        return (verify.ExitCode == 0 && verify.Output.Length == 0 && verify.Error.Length == 0, $"verify:\n{verify.Output}{verify.Error}");
    }

    /// <summary>The overall exposure score of `systemd-analyze security` (0 best, 10 worst), with its report.</summary>
    public static async Task<(double Score, string Report)> ExposureAsync(ScratchRoot root, string unit)
    {
        var security = await Tool.CheckedAsync("systemd-analyze", ["security", "--offline=true", $"--root={root.Path}", unit]);
        return (double.Parse(Exposure().Match(security).Groups["score"].Value, CultureInfo.InvariantCulture), security);
    }

    [GeneratedRegex(@"^[EW]: ")]
    private static partial Regex LintianFinding();

    [GeneratedRegex(@"Overall exposure level for \S+: (?<score>\d+(\.\d+)?)")]
    private static partial Regex Exposure();
}
