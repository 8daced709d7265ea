using Tmo.Edge.Daemon.Telemetry;

namespace Tmo.Edge.Daemon.Tests.Telemetry;

/// <summary>
/// The fixture trees keep the kernel's shape (class and bus entries are relative links into /sys/devices), and the
/// readers find what they need through those links, with the older places as fallbacks.
/// </summary>
public sealed class SysfsLayoutTests
{
    [Theory]
    [InlineData("agx-orin-jp6", "sys/class/devfreq")]
    [InlineData("agx-orin-jp6", "sys/bus/i2c/devices")]
    [InlineData("agx-orin-jp6", "sys/class/thermal")]
    [InlineData("agx-orin-jp6", "sys/class/hwmon")]
    [InlineData("orin-nano", "sys/class/devfreq")]
    [InlineData("orin-nano", "sys/bus/i2c/devices")]
    [InlineData("xavier-nx", "sys/class/devfreq")]
    [InlineData("xavier-nx", "sys/bus/i2c/devices")]
    [InlineData("tx2-jp4", "sys/class/devfreq")]
    [InlineData("tx2-jp4", "sys/bus/i2c/devices")]
    [InlineData("tx2-jp4", "sys/bus/i2c/drivers/ina3221x")]
    [InlineData("x86-nvidia", "sys/class/hwmon")]
    [InlineData("x86-nvidia", "sys/class/thermal")]
    public void Class_and_bus_entries_are_relative_links_into_the_device_folders(string device, string listing)
    {
        var root = Fixtures.Root(device);
        var entries = new DirectoryInfo(Path.Combine(root, listing)).GetFileSystemInfos();

        Assert.NotEmpty(entries);
        Assert.All(entries, entry =>
        {
            Assert.NotNull(entry.LinkTarget);
            Assert.False(Path.IsPathRooted(entry.LinkTarget), $"{entry.Name} -> {entry.LinkTarget} is absolute");
            var target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(entry.FullName)!, entry.LinkTarget!));
            Assert.StartsWith(Path.Combine(root, "sys", "devices") + Path.DirectorySeparatorChar, target, StringComparison.Ordinal);
            Assert.True(Directory.Exists(target), $"{entry.Name} -> {entry.LinkTarget} leads nowhere");
        });
    }

    [Fact]
    public void The_gpu_is_found_through_the_devfreq_device_link_and_no_longer_through_an_of_node_beside_cur_freq()
    {
        var root = Fixtures.Root("orin-nano");

        Assert.False(Directory.Exists(Path.Combine(root, "sys/class/devfreq/17000000.ga10b/of_node")));
        Assert.Equal("ga10b\0", File.ReadAllText(Path.Combine(root, "sys/class/devfreq/17000000.ga10b/device/of_node/name")));
        Assert.Equal((34.5, 624.8), new DevfreqGpu(Fixtures.Files("orin-nano")).Read());
    }

    [Fact]
    public void A_devfreq_of_node_on_the_class_entry_itself_is_the_fallback()
    {
        var root = Fixtures.Copy("orin-nano");
        var gpu = Path.Combine(root, "sys/devices/platform/17000000.ga10b");
        File.Delete(Path.Combine(gpu, "of_node"));
        Directory.CreateDirectory(Path.Combine(gpu, "devfreq/17000000.ga10b/of_node"));
        File.WriteAllText(Path.Combine(gpu, "devfreq/17000000.ga10b/of_node/name"), "ga10b\0");

        Assert.Equal((34.5, 624.8), new DevfreqGpu(Fixtures.Files(root)).Read());
    }

    [Fact]
    public void A_devfreq_device_that_is_not_the_gpu_is_passed_over()
    {
        var root = Fixtures.Copy("agx-orin-jp6");
        File.Delete(Path.Combine(root, "sys/class/devfreq/17000000.gpu"));

        var gpu = new DevfreqGpu(Fixtures.Files(root));

        Assert.False(gpu.Present);
        Assert.Equal((null, null), gpu.Read());
    }

    [Fact]
    public void Without_bus_entries_the_jetpack_4_driver_folder_still_finds_the_monitors()
    {
        var root = Fixtures.Copy("tx2-jp4");
        File.Delete(Path.Combine(root, "sys/bus/i2c/devices/0-0040"));
        File.Delete(Path.Combine(root, "sys/bus/i2c/devices/0-0041"));

        var monitors = Ina3221Monitors.Find(Fixtures.Files(root));
        var sample = new JetsonSource(Fixtures.Files(root)).Read();

        Assert.Equal(["0-0040", "0-0041"], monitors.Select(Path.GetFileName));
        Assert.Equal(6, sample.Rails.Count);
        Assert.Equal(2.852, sample.PowerW);
    }

    [Fact]
    public void Monitors_are_taken_by_their_name_on_the_bus_not_by_address()
    {
        var monitors = Ina3221Monitors.Find(Fixtures.Files("agx-orin-jp6"));

        // 1-0050 is the module's EEPROM (24c02) and i2c-1 the adapter: neither is a power monitor.
        Assert.Equal(["1-0040", "1-0041"], monitors.Select(Path.GetFileName));
    }
}
