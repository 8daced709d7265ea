using Tmo.Edge.Core.Telemetry;
using Tmo.Edge.Daemon.Telemetry;

namespace Tmo.Edge.Daemon.Tests.Telemetry;

/// <summary>tegrastats lines as JetPack 4, 6, 7 and Thor print them.</summary>
public sealed class TegrastatsLineTests
{
    [Fact]
    public void A_JetPack_6_line_gives_load_clock_lower_case_sensors_and_milliwatt_rails()
    {
        var sample = TegrastatsLine.Parse(
            "11-28-2026 02:00:00 RAM 3720/7441MB (lfb 12x4MB) SWAP 0/3720MB (cached 0MB) CPU [12%@1510,8%@1510,off,off,3%@729,1%@729] " +
            "EMC_FREQ 0%@2133 GR3D_FREQ 10%@1300 VIC_FREQ 729 APE 174 cpu@48.5C soc2@46.9C soc0@47.3C gpu@47.1C tj@48.5C soc1@47C cv0@-256C " +
            "VDD_IN 6280mW/6102mW VDD_CPU_GPU_CV 1124mW/1010mW VDD_SOC 1640mW/1622mW");

        Assert.Equal("tegrastats", sample.Source);
        Assert.Equal(10, sample.GpuLoadPercent);
        Assert.Equal(1300, sample.GpuFrequencyMHz);
        Assert.Equal(7441, sample.MemoryTotalMB);
        Assert.Equal(7441 - 3720, sample.MemoryAvailableMB);
        Assert.Equal(
            new Dictionary<string, double> { ["cpu"] = 48.5, ["soc2"] = 46.9, ["soc0"] = 47.3, ["gpu"] = 47.1, ["tj"] = 48.5, ["soc1"] = 47 },
            sample.TemperaturesC);
        Assert.Equal(
            [new PowerRail("VDD_IN", null, null, 6.28), new PowerRail("VDD_CPU_GPU_CV", null, null, 1.124), new PowerRail("VDD_SOC", null, null, 1.64)],
            sample.Rails);
        Assert.Equal(6.28, sample.PowerW);
    }

    [Fact]
    public void A_JetPack_7_line_takes_the_highest_GPC_clock()
    {
        var sample = TegrastatsLine.Parse("RAM 2000/15000MB GR3D_FREQ 12%@[1300,1215] cpu@50C VDD_IN 9000mW/9000mW");

        Assert.Equal(12, sample.GpuLoadPercent);
        Assert.Equal(1300, sample.GpuFrequencyMHz);
        Assert.Equal(9, sample.PowerW);
    }

    [Fact]
    public void A_Thor_line_has_a_clock_but_no_load_figure()
    {
        var sample = TegrastatsLine.Parse("RAM 20480/125772MB GR3D_FREQ @[1575,1575,1575] CPU@51.2C GPU@49.8C VDD_GPU 14000mW/13000mW VDD_CPU_SOC_MSS 9000mW/9000mW");

        Assert.Null(sample.GpuLoadPercent);
        Assert.Equal(1575, sample.GpuFrequencyMHz);
        Assert.Equal(51.2, sample.TemperaturesC["cpu"]);
        Assert.Equal(23, sample.PowerW);
    }

    [Fact]
    public void A_JetPack_4_line_has_upper_case_sensors_and_rails_without_units()
    {
        var sample = TegrastatsLine.Parse(
            "RAM 1500/3964MB (lfb 178x4MB) SWAP 0/1982MB (cached 0MB) IRAM 0/252kB(lfb 252kB) CPU [5%@102,off,off,3%@102] EMC_FREQ 0%@1600 " +
            "GR3D_FREQ 0%@76 APE 25 PLL@27C CPU@29.5C PMIC@100C GPU@28C AO@36C thermal@28.75C POM_5V_IN 1226/1226 POM_5V_GPU 40/40 POM_5V_CPU 163/163");

        Assert.Equal(0, sample.GpuLoadPercent);
        Assert.Equal(76, sample.GpuFrequencyMHz);
        Assert.Equal(29.5, sample.TemperaturesC["cpu"]);
        Assert.Equal(100, sample.TemperaturesC["pmic"]);
        Assert.Equal(1.226, sample.PowerW);
        Assert.Equal(3, sample.Rails.Count);
        Assert.Equal(3964 - 1500, sample.MemoryAvailableMB);
    }

    [Fact]
    public void A_truncated_or_garbage_line_gives_what_it_holds_and_nulls_for_the_rest()
    {
        var truncated = TegrastatsLine.Parse("RAM 3720/7441MB (lfb 12x4MB) SWAP 0/37");
        var garbage = TegrastatsLine.Parse("\u0001\u0002 not tegrastats at all %@ 12/ C@");

        Assert.Equal(7441, truncated.MemoryTotalMB);
        Assert.Null(truncated.PowerW);
        Assert.Null(truncated.GpuLoadPercent);
        Assert.Equal(TelemetrySample.Empty("tegrastats") with { Rails = garbage.Rails, TemperaturesC = garbage.TemperaturesC }, garbage);
        Assert.Empty(garbage.Rails);
        Assert.Empty(garbage.TemperaturesC);
    }
}
