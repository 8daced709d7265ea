using Tmo.Edge.Daemon.Telemetry;

namespace Tmo.Edge.Daemon.Tests.Telemetry;

public sealed class NvidiaSmiGpuTests
{
    [Fact]
    public void Unsupported_fields_are_null_and_malformed_lines_are_reported_not_thrown()
    {
        var reports = new List<string>();
        var gpus = NvidiaSmiGpu.Parse("34, 24564, 1536, 22612, 52, 85.43\n0, 16384, 4, 16380, [N/A], [Not Supported]\nNVIDIA-SMI has failed\n12, 8", reports.Add);

        Assert.Equal(
            [new NvidiaSmiGpu(0, 34, 24564, 1536, 22612, 52, 85.43), new NvidiaSmiGpu(1, 0, 16384, 4, 16380, null, null)],
            gpus);
        Assert.Equal(2, reports.Count);
    }

    [Fact]
    public async Task A_gpu_without_a_power_reading_leaves_board_power_unknown_rather_than_undercounted()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "34, 24564, 1536, 22612, 52, 85.43\n0, 24564, 4, 24144, 31, [N/A]\n");
        var source = new NvidiaSmiSource(Fixtures.Files("x86-bare"), new CapturedOutput(file), "nvidia-smi");

        var sample = await source.ReadAsync(CancellationToken.None);

        Assert.Null(sample.PowerW);
        Assert.Equal(17, sample.GpuLoadPercent);
        Assert.Equal(24564 * 2, sample.MemoryTotalMB);
        Assert.Equal(31, sample.TemperaturesC["gpu1"]);
    }

    [Fact]
    public async Task A_missing_nvidia_smi_gives_an_empty_gpu_reading()
    {
        var sample = await new NvidiaSmiSource(Fixtures.Files("x86-nvidia"), new CapturedOutput(null), "nvidia-smi").ReadAsync(CancellationToken.None);

        Assert.Empty(sample.Rails);
        Assert.Null(sample.PowerW);
        Assert.Null(sample.MemoryAvailableMB);
        Assert.Equal(52, sample.TemperaturesC["x86_pkg_temp"]);
    }
}
