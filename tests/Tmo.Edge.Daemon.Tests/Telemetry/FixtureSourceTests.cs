using Microsoft.Extensions.Logging.Abstractions;
using Tmo.Edge.Core.Options;
using Tmo.Edge.Core.Telemetry;
using Tmo.Edge.Daemon.Telemetry;

namespace Tmo.Edge.Daemon.Tests.Telemetry;

/// <summary>Every source on the fixture tree of the device it is for, exact values asserted.</summary>
public sealed class FixtureSourceTests
{
    [Fact]
    public void AGX_Orin_on_JetPack_6_sums_its_rails_skips_NC_and_offline_zones_and_reads_the_gpu_devfreq_node()
    {
        var sample = new JetsonSource(Fixtures.Files("agx-orin-jp6")).Read();

        Assert.Equal("jetson", sample.Source);
        Assert.Equal(["VDD_GPU_SOC", "VDD_CPU_CV", "VIN_SYS_5V0", "VDDQ_VDD2_1V8AO"], sample.Rails.Select(r => r.Name));
        var gpuSoc = sample.Rails[0];
        Assert.Equal(5.04, gpuSoc.VoltageV!.Value, 9);
        Assert.Equal(1.12, gpuSoc.CurrentA!.Value, 9);
        Assert.Equal(5.04 * 1.12, gpuSoc.PowerW!.Value, 9);
        Assert.Equal((5.04 * 1.12) + (5.04 * 0.42) + (5.064 * 0.76) + (5.04 * 0.18), sample.PowerW!.Value, 9);
        Assert.Equal(
            new Dictionary<string, double>
            {
                ["cpu-thermal"] = 48.5, ["gpu-thermal"] = 47.1, ["soc0-thermal"] = 47.8, ["soc1-thermal"] = 46.9, ["soc2-thermal"] = 47.2, ["tj-thermal"] = 48.5,
            },
            sample.TemperaturesC);
        Assert.Equal(34.5, sample.GpuLoadPercent);
        Assert.Equal(624.75, sample.GpuFrequencyMHz);
        Assert.Equal(31433296 / 1024.0, sample.MemoryTotalMB);
        Assert.Equal(27845120 / 1024.0, sample.MemoryAvailableMB);
        Assert.Equal(1024.0, sample.GpuMemoryUsedMB);
        Assert.Equal("0", sample.PowerMode);
    }

    [Fact]
    public void Orin_Nano_takes_board_power_from_VDD_IN_and_its_gpu_from_the_ga10b_node()
    {
        var sample = new JetsonSource(Fixtures.Files("orin-nano")).Read();

        Assert.Equal(["VDD_IN", "VDD_CPU_GPU_CV", "VDD_SOC"], sample.Rails.Select(r => r.Name));
        Assert.Equal(5.064 * 1.24, sample.PowerW!.Value, 9);
        Assert.Equal(new PowerRail("VDD_SOC", 5.056, 0.32, 5.056 * 0.32), sample.Rails[2] with { PowerW = Math.Round(sample.Rails[2].PowerW!.Value, 9) });
        Assert.Equal(48.5, sample.TemperaturesC["tj-thermal"]);
        Assert.Equal(6, sample.TemperaturesC.Count);
        Assert.Equal(34.5, sample.GpuLoadPercent);
        Assert.Equal(624.8, sample.GpuFrequencyMHz);
        Assert.Equal(7619994 / 1024.0, sample.MemoryTotalMB);
        Assert.Equal(3809997 / 1024.0, sample.MemoryAvailableMB);
        Assert.Equal(500.0, sample.GpuMemoryUsedMB);
        Assert.Equal("1", sample.PowerMode);
    }

    [Fact]
    public void Xavier_NX_on_JetPack_5_reads_VDD_IN_the_gv11b_gpu_and_keeps_the_PMIC_zone_as_read()
    {
        var sample = new JetsonSource(Fixtures.Files("xavier-nx")).Read();

        Assert.Equal(5.008 * 1.48, sample.PowerW!.Value, 9);
        Assert.Equal(3, sample.Rails.Count);
        Assert.Equal(8, sample.TemperaturesC.Count);
        Assert.Equal(100.0, sample.TemperaturesC["PMIC-Die"]);
        Assert.Equal(43.5, sample.TemperaturesC["CPU-therm"]);
        Assert.Equal(12.0, sample.GpuLoadPercent);
        Assert.Equal(204.0, sample.GpuFrequencyMHz);
        Assert.Equal(200.0, sample.GpuMemoryUsedMB);
        Assert.Equal("8", sample.PowerMode);
    }

    [Fact]
    public void TX2_on_JetPack_4_reads_iio_rails_in_milliwatts_and_has_no_nvmap_figure()
    {
        var sample = new JetsonSource(Fixtures.Files("tx2-jp4")).Read();

        Assert.Equal(["VDD_SYS_GPU", "VDD_SYS_SOC", "VDD_4V0_WIFI", "VDD_IN", "VDD_SYS_CPU", "VDD_SYS_DDR"], sample.Rails.Select(r => r.Name));
        Assert.Equal(new PowerRail("VDD_IN", 19.104, 0.149, 2.852), sample.Rails[3]);
        Assert.Equal(2.852, sample.PowerW);
        Assert.Equal(35.5, sample.TemperaturesC["BCPU-therm"]);
        Assert.Equal(0.0, sample.GpuLoadPercent);
        Assert.Equal(114.75, sample.GpuFrequencyMHz);
        Assert.Equal(8038396 / 1024.0, sample.MemoryTotalMB);
        Assert.Equal(6422528 / 1024.0, sample.MemoryAvailableMB);
        Assert.Null(sample.GpuMemoryUsedMB);
        Assert.Equal("3", sample.PowerMode);
    }

    [Fact]
    public async Task An_x86_server_reads_its_gpu_from_captured_nvidia_smi_output_and_its_host_sensors_from_hwmon()
    {
        var root = Fixtures.Root("x86-nvidia");
        var commands = new CapturedOutput(Path.Combine(root, "nvidia-smi.csv"));
        var sample = await new NvidiaSmiSource(Fixtures.Files("x86-nvidia"), commands, "nvidia-smi").ReadAsync(CancellationToken.None);

        Assert.Equal(("nvidia-smi", NvidiaSmiGpu.Arguments), commands.Calls.Single());
        Assert.Equal("nvidia-smi", sample.Source);
        Assert.Equal([new PowerRail("GPU0", null, null, 85.43)], sample.Rails);
        Assert.Equal(85.43, sample.PowerW);
        Assert.Equal(34, sample.GpuLoadPercent);
        Assert.Equal(24564, sample.MemoryTotalMB);
        Assert.Equal(22612, sample.MemoryAvailableMB);
        Assert.Equal(1536, sample.GpuMemoryUsedMB);
        Assert.Equal(
            new Dictionary<string, double> { ["acpitz"] = 27.8, ["x86_pkg_temp"] = 52, ["coretemp/Package id 0"] = 52, ["coretemp/Core 0"] = 49, ["gpu0"] = 52 },
            sample.TemperaturesC);
        Assert.Null(sample.PowerMode);
    }

    [Fact]
    public void An_x86_box_without_sensors_gives_memory_only()
    {
        var sample = new LinuxSource(Fixtures.Files("x86-bare")).Read();

        Assert.Equal(TelemetrySample.Empty("linux") with { MemoryTotalMB = 4028776 / 1024.0, MemoryAvailableMB = 3120640 / 1024.0, TemperaturesC = sample.TemperaturesC }, sample);
        Assert.Empty(sample.TemperaturesC);
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
