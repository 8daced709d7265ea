using Microsoft.Extensions.Logging.Abstractions;
using Tmo.Edge.Core.Telemetry;
using Tmo.Edge.Daemon.Telemetry;

namespace Tmo.Edge.Daemon.Tests.Telemetry;

/// <summary>
/// Every source on the fixture tree of the device it is for (laid out as on the device: Fixtures/README.md), every
/// reading of the sample asserted.
/// </summary>
public sealed class FixtureSourceTests
{
    [Fact]
    public void AGX_Orin_on_JetPack_6_sums_its_rails_skips_NC_and_offline_zones_and_finds_the_gpu_through_its_devfreq_device_link()
    {
        var sample = new JetsonSource(Fixtures.Files("agx-orin-jp6")).Read();

        SampleAssert.Equal(
            new TelemetrySample(
                "jetson",
                (5.04 * 1.12) + (5.04 * 0.42) + (5.064 * 0.76) + (5.04 * 0.18),
                [
                    new PowerRail("VDD_GPU_SOC", 5.04, 1.12, 5.04 * 1.12),
                    new PowerRail("VDD_CPU_CV", 5.04, 0.42, 5.04 * 0.42),
                    new PowerRail("VIN_SYS_5V0", 5.064, 0.76, 5.064 * 0.76),
                    new PowerRail("VDDQ_VDD2_1V8AO", 5.04, 0.18, 5.04 * 0.18),
                ],
                new Dictionary<string, double>
                {
                    ["cpu-thermal"] = 48.5, ["gpu-thermal"] = 47.1, ["soc0-thermal"] = 47.8, ["soc1-thermal"] = 46.9, ["soc2-thermal"] = 47.2, ["tj-thermal"] = 48.5,
                },
                GpuLoadPercent: 34.5,
                GpuFrequencyMHz: 624.75,
                MemoryTotalMB: 31433296 / 1024.0,
                MemoryAvailableMB: 27845120 / 1024.0,
                GpuMemoryUsedMB: 1048576 / 1024.0,
                PowerMode: "0"),
            sample);
    }

    [Fact]
    public void Orin_Nano_on_JetPack_5_takes_board_power_from_VDD_IN_and_its_gpu_from_the_ga10b_node()
    {
        var sample = new JetsonSource(Fixtures.Files("orin-nano")).Read();

        SampleAssert.Equal(
            new TelemetrySample(
                "jetson",
                5.064 * 1.24,
                [
                    new PowerRail("VDD_IN", 5.064, 1.24, 5.064 * 1.24),
                    new PowerRail("VDD_CPU_GPU_CV", 5.056, 0.22, 5.056 * 0.22),
                    new PowerRail("VDD_SOC", 5.056, 0.32, 5.056 * 0.32),
                ],
                new Dictionary<string, double>
                {
                    ["cpu-thermal"] = 48.5, ["gpu-thermal"] = 47.25, ["soc0-thermal"] = 46.75, ["soc1-thermal"] = 47.0, ["soc2-thermal"] = 46.5, ["tj-thermal"] = 48.5,
                },
                GpuLoadPercent: 34.5,
                GpuFrequencyMHz: 624.8,
                MemoryTotalMB: 7619994 / 1024.0,
                MemoryAvailableMB: 3809997 / 1024.0,
                GpuMemoryUsedMB: 512000 / 1024.0,
                PowerMode: "1"),
            sample);
    }

    [Fact]
    public void Xavier_NX_on_JetPack_5_reads_VDD_IN_the_gv11b_gpu_and_keeps_the_PMIC_zone_as_read()
    {
        var sample = new JetsonSource(Fixtures.Files("xavier-nx")).Read();

        SampleAssert.Equal(
            new TelemetrySample(
                "jetson",
                5.008 * 1.48,
                [
                    new PowerRail("VDD_IN", 5.008, 1.48, 5.008 * 1.48),
                    new PowerRail("VDD_CPU_GPU_CV", 5.0, 0.4, 5.0 * 0.4),
                    new PowerRail("VDD_SOC", 5.0, 0.56, 5.0 * 0.56),
                ],
                new Dictionary<string, double>
                {
                    ["AO-therm"] = 41, ["CPU-therm"] = 43.5, ["GPU-therm"] = 42, ["PLL-therm"] = 41.5, ["PMIC-Die"] = 100, ["Tboard_tegra"] = 37,
                    ["Tdiode_tegra"] = 38.25, ["thermal-fan-est"] = 42.7,
                },
                GpuLoadPercent: 12,
                GpuFrequencyMHz: 204,
                MemoryTotalMB: 7764344 / 1024.0,
                MemoryAvailableMB: 5123072 / 1024.0,
                GpuMemoryUsedMB: 204800 / 1024.0,
                PowerMode: "8"),
            sample);
    }

    [Fact]
    public void TX2_on_JetPack_4_finds_its_ina3221x_monitors_on_the_i2c_bus_reads_iio_rails_in_milliwatts_and_has_no_nvmap_figure()
    {
        var sample = new JetsonSource(Fixtures.Files("tx2-jp4")).Read();

        SampleAssert.Equal(
            new TelemetrySample(
                "jetson",
                2.852,
                [
                    new PowerRail("VDD_SYS_GPU", 19.088, 0.008, 0.152),
                    new PowerRail("VDD_SYS_SOC", 19.088, 0.032, 0.608),
                    new PowerRail("VDD_4V0_WIFI", 4.928, 0, 0),
                    new PowerRail("VDD_IN", 19.104, 0.149, 2.852),
                    new PowerRail("VDD_SYS_CPU", 19.088, 0.012, 0.228),
                    new PowerRail("VDD_SYS_DDR", 4.896, 0.093, 0.456),
                ],
                new Dictionary<string, double>
                {
                    ["BCPU-therm"] = 35.5, ["MCPU-therm"] = 35.5, ["GPU-therm"] = 33.5, ["PLL-therm"] = 32.5, ["Tboard_tegra"] = 30, ["Tdiode_tegra"] = 31.75,
                    ["PMIC-Die"] = 100, ["thermal-fan-est"] = 34.3,
                },
                GpuLoadPercent: 0,
                GpuFrequencyMHz: 114.75,
                MemoryTotalMB: 8038396 / 1024.0,
                MemoryAvailableMB: 6422528 / 1024.0,
                GpuMemoryUsedMB: null,
                PowerMode: "3"),
            sample);
    }

    [Fact]
    public async Task An_x86_server_with_two_gpus_reads_each_from_nvidia_smi_and_its_host_sensors_from_hwmon()
    {
        var root = Fixtures.Root("x86-nvidia");
        var commands = new CapturedOutput(Path.Combine(root, "nvidia-smi.csv"));
        var sample = await new NvidiaSmiSource(Fixtures.Files("x86-nvidia"), commands, "nvidia-smi").ReadAsync(CancellationToken.None);

        Assert.Equal(("nvidia-smi", NvidiaSmiGpu.Arguments), commands.Calls.Single());
        SampleAssert.Equal(
            new TelemetrySample(
                "nvidia-smi",
                85.43 + 21.07,
                [new PowerRail("GPU0", null, null, 85.43), new PowerRail("GPU1", null, null, 21.07)],
                new Dictionary<string, double>
                {
                    ["acpitz"] = 27.8, ["x86_pkg_temp"] = 52, ["coretemp/Package id 0"] = 52, ["coretemp/Core 0"] = 49, ["gpu0"] = 52, ["gpu1"] = 31,
                },
                GpuLoadPercent: 17,
                GpuFrequencyMHz: (2520 + 210) / 2.0,
                MemoryTotalMB: 24564 * 2,
                MemoryAvailableMB: 22612 + 24144,
                GpuMemoryUsedMB: 1536 + 4,
                PowerMode: null),
            sample);
    }

    [Fact]
    public void An_x86_box_without_sensors_gives_memory_only()
    {
        var sample = new LinuxSource(Fixtures.Files("x86-bare")).Read();

        SampleAssert.Equal(TelemetrySample.Empty("linux") with { MemoryTotalMB = 4028776 / 1024.0, MemoryAvailableMB = 3120640 / 1024.0 }, sample);
    }

    [Theory]
    [InlineData("agx-orin-jp6", "jetson")]
    [InlineData("orin-nano", "jetson")]
    [InlineData("xavier-nx", "jetson")]
    [InlineData("tx2-jp4", "jetson")]
    [InlineData("x86-nvidia", "nvidia-smi")]
    [InlineData("x86-bare", "linux")]
    public void Auto_detection_picks_the_source_the_tree_is_shaped_for(string device, string expected)
    {
        var source = TelemetrySources.Create(new TelemetryOptions { Root = Fixtures.Root(device) }, NullLogger.Instance, new CapturedOutput(null));

        Assert.Equal(expected, source.Name);
    }

    [Fact]
    public void An_explicit_source_overrides_detection()
    {
        var source = TelemetrySources.Create(new TelemetryOptions { Root = Fixtures.Root("orin-nano"), Source = "linux" }, NullLogger.Instance, new CapturedOutput(null));

        Assert.Equal("linux", source.Name);
    }
}
