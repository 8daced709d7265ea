
namespace Tmo.Edge.Packaging.Tests;

/// <summary>
/// The daemon's unit and postinst as they must be for real devices: no group the host may lack in the unit, the
/// device nodes CUDA opens on a Jetson and on a dGPU host allowed (each line explained), groups granted only where
/// they exist, a writable folder for retrained checkpoints, and the doctor run without failing an install.
/// </summary>
public sealed class DaemonUnitTests
{
    private static readonly string Packaging = Path.Combine(RepositoryRoot.Find(), "packaging");

    private static string[] UnitLines => File.ReadAllLines(Path.Combine(Packaging, "systemd", "tmo-edge.service"));

    [Fact]
    public void The_unit_names_no_supplementary_groups()
    {
        Assert.DoesNotContain(UnitLines, line => line.TrimStart().StartsWith("SupplementaryGroups", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/dev/nvmap")]
    [InlineData("char-17000000.*")]
    [InlineData("char-nvhost")]
    [InlineData("char-nvidia-frontend")]
    [InlineData("char-nvidia-uvm")]
    [InlineData("/dev/nvidiactl")]
    public void The_device_nodes_cuda_opens_are_allowed_read_write(string device)
    {
        Assert.Contains($"DeviceAllow={device} rw", UnitLines);
        Assert.Contains("DevicePolicy=closed", UnitLines);
    }

    [Fact]
    public void Every_device_line_has_its_reason_and_no_path_holds_a_glob()
    {
        var lines = UnitLines;
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("DeviceAllow=", StringComparison.Ordinal))
            {
                continue;
            }

            var device = lines[i]["DeviceAllow=".Length..].Split(' ')[0];
            Assert.True(lines[i - 1].StartsWith('#'), $"{lines[i]} has no comment above it saying why");
            Assert.True(
                device.StartsWith("char-", StringComparison.Ordinal) || (device.StartsWith("/dev/", StringComparison.Ordinal) && device.IndexOfAny(['*', '?', '[']) < 0),
                $"{device}: systemd takes a /dev path literally (no globs) or a char-/block- group from /proc/devices");
        }
    }

    [Fact]
    public void The_packaged_configuration_sends_retrained_checkpoints_to_the_state_directory()
    {
        var config = File.ReadAllText(Path.Combine(Packaging, "config", "appsettings.json"));

        Assert.Contains("\"RetrainedDirectory\": \"/var/lib/tmo-edge/policies\"", config, StringComparison.Ordinal);
        Assert.Contains("StateDirectory=tmo-edge", UnitLines);
        Assert.Contains("ProtectSystem=strict", UnitLines);
    }

    [Fact]
    public async Task The_postinst_adds_the_service_user_only_to_the_groups_the_host_has_and_survives_a_failing_doctor()
    {
        using var host = new StubbedHost(groups: ["video", "i2c"], doctorExitCode: 1);

        var result = await host.RunPostinstAsync("configure");

        Assert.True(result.ExitCode == 0, $"postinst failed:\n{result.Output}\n{result.Error}");
        var calls = host.Calls();
        Assert.Contains("adduser tmo-edge video", calls);
        Assert.Contains("adduser tmo-edge i2c", calls);
        Assert.DoesNotContain(calls, call => call is "adduser tmo-edge render" or "adduser tmo-edge gpio");
        Assert.Contains("runuser -u tmo-edge -- tmo-edge doctor --config /etc/tmo-edge/appsettings.json", calls);
        Assert.Contains("found something to fix", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_postinst_touches_nothing_when_installing_into_another_root()
    {
        using var host = new StubbedHost(groups: ["video"], doctorExitCode: 0);

        var result = await host.RunPostinstAsync("configure", dpkgRoot: "/tmp/image");

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(host.Calls());
    }

    /// <summary>
    /// The postinst run against stand-ins for every command it calls (on PATH ahead of the real ones), each of which
    /// records its arguments: getent knows the service user and the given groups; the doctor exits as told.
    /// </summary>
    private sealed class StubbedHost : IDisposable
    {
        private static readonly string[] Commands = ["adduser", "chown", "chmod", "install", "deb-systemd-helper", "deb-systemd-invoke", "systemctl", "runuser"];

        private readonly string _bin = Directory.CreateTempSubdirectory("tmo-postinst-").FullName;

        public StubbedHost(string[] groups, int doctorExitCode)
        {
            foreach (var command in Commands)
            {
                var exit = command == "runuser" ? doctorExitCode : 0;
                Write(command, $"#!/bin/sh\necho \"{command} $*\" >> \"{Log}\"\nexit {exit}\n");
            }

            var known = string.Join(' ', groups.Select(g => $"\"group {g}\""));
            Write("getent", $"#!/bin/sh\nfor entry in \"passwd tmo-edge\" {known}; do [ \"$*\" = \"$entry\" ] && exit 0; done\nexit 2\n");
        }

        private string Log => Path.Combine(_bin, "calls.log");

        public Task<Tool.Result> RunPostinstAsync(string action, string? dpkgRoot = null) => Tool.RunAsync(
            "sh",
            [Path.Combine(Packaging, "deb", "tmo-edge", "postinst"), action],
            new Dictionary<string, string> { ["PATH"] = $"{_bin}:/usr/bin:/bin", ["DPKG_ROOT"] = dpkgRoot ?? string.Empty });

        public string[] Calls() => File.Exists(Log) ? File.ReadAllLines(Log) : [];

        public void Dispose() => Directory.Delete(_bin, recursive: true);

        private void Write(string name, string script)
        {
            var path = Path.Combine(_bin, name);
            File.WriteAllText(path, script);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
    }
}
