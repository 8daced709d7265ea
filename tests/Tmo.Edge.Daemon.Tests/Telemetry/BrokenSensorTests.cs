using Microsoft.Extensions.Logging;
using Tmo.Edge.Daemon.Telemetry;
using Tmo.Edge.Daemon.Tests.Mqtt;

namespace Tmo.Edge.Daemon.Tests.Telemetry;

/// <summary>Garbage, truncated, missing and unreadable files: that reading is null, logged once, and nothing throws.</summary>
public sealed class BrokenSensorTests
{
    private const string Hwmon = "sys/bus/i2c/devices/1-0040/hwmon/hwmon1";

    [Fact]
    public void A_garbage_current_makes_that_rail_and_the_board_power_unknown_and_is_logged_once()
    {
        var root = Fixtures.Copy("orin-nano");
        File.WriteAllText(Path.Combine(root, Hwmon, "curr1_input"), "0x4f!?\n");
        using var logs = new RecordingLoggerProvider(null);
        var source = new JetsonSource(Fixtures.Logged(root, logs));

        var first = source.Read();
        var second = source.Read();

        Assert.Equal(5.064, first.Rails[0].VoltageV);
        Assert.Null(first.Rails[0].CurrentA);
        Assert.Null(first.Rails[0].PowerW);
        Assert.Null(first.PowerW);
        Assert.Equal(0.32, first.Rails[2].CurrentA);
        Assert.Equal(first.TemperaturesC, second.TemperaturesC);
        var warning = Assert.Single(logs.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains("curr1_input", warning.Message, StringComparison.Ordinal);
        Assert.Contains("not a number: '0x4f!?'", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_files_give_nulls_and_a_truncated_meminfo_keeps_the_lines_it_has()
    {
        var root = Fixtures.Copy("agx-orin-jp6");
        File.WriteAllText(Path.Combine(root, "sys/class/thermal/thermal_zone8/temp"), string.Empty);
        File.WriteAllText(Path.Combine(root, "sys/class/devfreq/17000000.gpu/device/load"), "3");
        File.WriteAllText(Path.Combine(root, "sys/class/devfreq/17000000.gpu/cur_freq"), "62475");
        File.WriteAllText(Path.Combine(root, "proc/meminfo"), "MemTotal:       31433296 kB\nMemFree:        1392");
        File.WriteAllText(Path.Combine(root, "var/lib/nvpmodel/status"), "pmo");
        using var logs = new RecordingLoggerProvider(null);

        var sample = new JetsonSource(Fixtures.Logged(root, logs)).Read();

        Assert.False(sample.TemperaturesC.ContainsKey("tj-thermal"));
        Assert.Equal(48.5, sample.TemperaturesC["cpu-thermal"]);
        Assert.Equal(0.3, sample.GpuLoadPercent);
        Assert.Equal(0.062475, sample.GpuFrequencyMHz);
        Assert.Equal(31433296 / 1024.0, sample.MemoryTotalMB);
        Assert.Null(sample.MemoryAvailableMB);
        Assert.Null(sample.GpuMemoryUsedMB);
        Assert.Null(sample.PowerMode);
        Assert.Equal(2, logs.Entries.Count(e => e.Level == LogLevel.Warning));
    }

    [Fact]
    public void Out_of_range_values_are_rejected_not_passed_on()
    {
        var root = Fixtures.Copy("agx-orin-jp6");
        File.WriteAllText(Path.Combine(root, "sys/class/thermal/thermal_zone0/temp"), "512000\n");
        File.WriteAllText(Path.Combine(root, "sys/class/devfreq/17000000.gpu/device/load"), "1500\n");
        File.WriteAllText(Path.Combine(root, Hwmon.Replace("1-0040", "1-0041", StringComparison.Ordinal).Replace("hwmon1", "hwmon2", StringComparison.Ordinal), "curr2_input"), "-5\n");

        var sample = new JetsonSource(Fixtures.Files(root)).Read();

        Assert.False(sample.TemperaturesC.ContainsKey("cpu-thermal"));
        Assert.Null(sample.GpuLoadPercent);
        Assert.Null(sample.Rails[3].CurrentA);
        Assert.Null(sample.PowerW);
    }

    [Fact]
    public void Missing_and_unopenable_files_make_their_readings_null_without_throwing()
    {
        var root = Fixtures.Copy("orin-nano");
        var current = Path.Combine(root, Hwmon, "curr1_input");
        File.Delete(current);
        // Root reads files whatever their mode, so an unopenable file is made the way a process without rights meets
        // one whatever its user: a directory where the value should be (EISDIR, like EACCES, is refused on open).
        Directory.CreateDirectory(current);
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(Path.Combine(root, "proc/meminfo"), UnixFileMode.None);
        }

        File.Delete(Path.Combine(root, "sys/devices/platform/17000000.ga10b/load"));
        var source = new JetsonSource(Fixtures.Files(root));

        var sample = source.Read();
        var again = source.Read();

        Assert.Null(sample.Rails[0].CurrentA);
        Assert.Null(sample.PowerW);
        Assert.Null(sample.GpuLoadPercent);
        Assert.Equal(624.8, sample.GpuFrequencyMHz);
        Assert.Equal(sample.TemperaturesC, again.TemperaturesC);
        if (Environment.UserName != "root")
        {
            Assert.Null(sample.MemoryAvailableMB);
        }
    }

    [Fact]
    public void Values_that_change_between_samples_are_read_fresh_through_the_open_handles()
    {
        var root = Fixtures.Copy("orin-nano");
        var source = new JetsonSource(Fixtures.Files(root));
        Assert.Equal(48.5, source.Read().TemperaturesC["tj-thermal"]);

        File.WriteAllText(Path.Combine(root, "sys/class/thermal/thermal_zone8/temp"), "91250\n");
        File.WriteAllText(Path.Combine(root, "var/lib/nvpmodel/status"), "pmode:0002 fmode:quiet\n");

        var sample = source.Read();
        Assert.Equal(91.25, sample.TemperaturesC["tj-thermal"]);
        Assert.Equal("2", sample.PowerMode);
    }

    [Fact]
    public void A_root_that_does_not_exist_gives_an_empty_sample()
    {
        var sample = new JetsonSource(Fixtures.Files(Path.Combine(Path.GetTempPath(), "no-such-device-tree"))).Read();

        Assert.Empty(sample.Rails);
        Assert.Empty(sample.TemperaturesC);
        Assert.Null(sample.MemoryTotalMB);
        Assert.Null(sample.PowerMode);
    }
}
