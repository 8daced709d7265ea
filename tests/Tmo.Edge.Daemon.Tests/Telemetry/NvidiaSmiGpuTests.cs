using Tmo.Edge.Daemon.Telemetry;

namespace Tmo.Edge.Daemon.Tests.Telemetry;

public sealed class NvidiaSmiGpuTests
{
    /// <summary>The query the H200 lines were captured with (Fixtures/h200-nvidia-smi/README.md).</summary>
    private static readonly string[] H200CaptureFields = ["utilization.gpu", "memory.total", "memory.used", "memory.free", "temperature.gpu", "power.draw"];

    [Fact]
    public void The_query_asks_for_each_gpus_index_and_graphics_clock()
    {
        Assert.Equal(
            ["--query-gpu=index,utilization.gpu,memory.total,memory.used,memory.free,temperature.gpu,power.draw,clocks.current.graphics", "--format=csv,noheader,nounits"],
            NvidiaSmiGpu.Arguments);
    }

    [Fact]
    public void Unsupported_fields_are_null_and_malformed_lines_are_reported_not_thrown()
    {
        var reports = new List<string>();
        var gpus = NvidiaSmiGpu.Parse(
            "0, 34, 24564, 1536, 22612, 52, 85.43, 2520\n1, 0, 16384, 4, 16380, [N/A], [Not Supported], [N/A]\nNVIDIA-SMI has failed\n12, 8",
            reports.Add);

        Assert.Equal(
            [new NvidiaSmiGpu(0, 34, 24564, 1536, 22612, 52, 85.43, 2520), new NvidiaSmiGpu(1, 0, 16384, 4, 16380, null, null, null)],
            gpus);
        Assert.Equal(2, reports.Count);
    }

    [Fact]
    public void A_gpu_keeps_the_index_nvidia_smi_gave_it()
    {
        var gpus = NvidiaSmiGpu.Parse("2, 5, 81559, 10, 81000, 40, 70.5, 1980\n", _ => { });

        Assert.Equal(2, Assert.Single(gpus).Index);
    }

    [Theory]
    [InlineData("load.csv", 98, 21363, 121794, 57, 692.17)]
    [InlineData("idle.csv", 0, 0, 143156, 34, 78.99)]
    public void The_real_H200_lines_parse_by_the_fields_they_were_captured_with(string capture, double load, double used, double free, double celsius, double watts)
    {
        var output = File.ReadAllText(Path.Combine(Fixtures.Root("h200-nvidia-smi"), capture));
        var reports = new List<string>();

        var gpu = Assert.Single(NvidiaSmiGpu.Parse(output, H200CaptureFields, reports.Add));

        Assert.Empty(reports);
        Assert.Equal(new NvidiaSmiGpu(0, load, 143771, used, free, celsius, watts, GraphicsClockMHz: null), gpu);
    }

    [Fact]
    public void The_H200_capture_lacks_the_fields_the_source_now_asks_for_so_it_is_reported_rather_than_misread()
    {
        var reports = new List<string>();

        var gpus = NvidiaSmiGpu.Parse(File.ReadAllText(Path.Combine(Fixtures.Root("h200-nvidia-smi"), "load.csv")), reports.Add);

        Assert.Empty(gpus);
        Assert.Equal("expected 8 fields, got '98, 143771, 21363, 121794, 57, 692.17'", Assert.Single(reports));
    }

    [Fact]
    public async Task A_gpu_without_a_power_reading_leaves_board_power_unknown_rather_than_undercounted()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "0, 34, 24564, 1536, 22612, 52, 85.43, 2520\n1, 0, 24564, 4, 24144, 31, [N/A], 210\n");
        var source = new NvidiaSmiSource(Fixtures.Files("x86-bare"), new CapturedOutput(file), "nvidia-smi");

        var sample = await source.ReadAsync(CancellationToken.None);

        Assert.Null(sample.PowerW);
        Assert.Equal(17, sample.GpuLoadPercent);
        Assert.Equal(1365, sample.GpuFrequencyMHz);
        Assert.Equal(24564 * 2, sample.MemoryTotalMB);
        Assert.Equal(31, sample.TemperaturesC["gpu1"]);
    }

    [Fact]
    public async Task A_missing_nvidia_smi_gives_an_empty_gpu_reading()
    {
        var sample = await new NvidiaSmiSource(Fixtures.Files("x86-nvidia"), new CapturedOutput(null), "nvidia-smi").ReadAsync(CancellationToken.None);

        Assert.Empty(sample.Rails);
        Assert.Null(sample.PowerW);
        Assert.Null(sample.GpuFrequencyMHz);
        Assert.Null(sample.MemoryAvailableMB);
        Assert.Equal(52, sample.TemperaturesC["x86_pkg_temp"]);
    }
}
