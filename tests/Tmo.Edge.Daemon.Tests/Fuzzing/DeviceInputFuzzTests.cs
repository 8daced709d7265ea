using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Tmo.Edge.Core.Telemetry;
using Tmo.Edge.Daemon.Runners.Local;
using Tmo.Edge.Daemon.Telemetry;
using Tmo.Edge.Daemon.Tests.Runners.Local;

namespace Tmo.Edge.Daemon.Tests.Fuzzing;

/// <summary>
/// What the daemon reads from the device itself, damaged: telemetry lines and nvidia-smi output give what they could read
/// (never an exception out of the sampling loop), model files give a header or a <see cref="GgufFormatException"/>.
/// </summary>
public sealed class DeviceInputFuzzTests : IDisposable
{
    private static readonly Lazy<byte[]> TinyModelHeader = new(() =>
    {
        var path = Path.Combine(Path.GetTempPath(), $"tmo-fuzz-model-{Guid.NewGuid():N}.gguf");
        try
        {
            TinyLlamaModel.Write(path);
            var bytes = File.ReadAllBytes(path);
            // The header and tensor table are what is parsed before loading; the weights after them only add bulk.
            return bytes[..Math.Min(bytes.Length, 64 * 1024)];
        }
        finally
        {
            File.Delete(path);
        }
    });

    private static readonly string[] TegrastatsLines =
    [
        "RAM 3686/7620MB (lfb 1x2MB) CPU [12%@1510,8%@1510] GR3D_FREQ 10%@1300 cpu@48.5C gpu@47C tj@49.1C VDD_IN 6280mW/6280mW VDD_CPU_GPU_CV 1200mW/1200mW",
        "RAM 2000/15000MB GR3D_FREQ 12%@[1300,1215] cpu@50C VDD_IN 9000mW/9000mW",
        "RAM 20480/125772MB GR3D_FREQ @[1575,1575,1575] CPU@51.2C GPU@49.8C VDD_GPU 14000mW/13000mW",
        "RAM 1500/3964MB CPU [5%@102,off,off,3%@102] GR3D_FREQ 0%@76 PLL@-256C CPU@37.5C VDD_IN 3500/3500",
    ];

    private static readonly string NvidiaSmiOutput = "34, 81559, 5120, 76439, 45, 72.35\n[N/A], 24576, 0, 24576, [Not Supported], [N/A]\n";

    private readonly string _directory = Directory.CreateTempSubdirectory("tmo-fuzz-gguf-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fuzz]
    public Property A_damaged_tegrastats_line_gives_a_sample_with_only_finite_readings() =>
        Prop.ForAll(Gen.Elements(TegrastatsLines).SelectMany(line => FuzzInputs.MutationsOf(Encoding.UTF8.GetBytes(line)).Generator).ToArbitrary(), bytes =>
        {
            var sample = TegrastatsLine.Parse(Encoding.UTF8.GetString(bytes));

            AssertFinite(sample);
        });

    [Fuzz]
    public Property Damaged_nvidia_smi_output_gives_finite_non_negative_readings_or_none() =>
        Prop.ForAll(FuzzInputs.MutationsOf(Encoding.UTF8.GetBytes(NvidiaSmiOutput)), bytes =>
        {
            var gpus = NvidiaSmiGpu.Parse(Encoding.UTF8.GetString(bytes), _ => { });

            Assert.All(gpus, gpu => Assert.All(
                new[] { gpu.LoadPercent, gpu.MemoryTotalMB, gpu.MemoryUsedMB, gpu.MemoryFreeMB, gpu.TemperatureC, gpu.PowerW },
                v => Assert.True(v is null || (double.IsFinite(v.Value) && v >= 0), $"reading {v}")));
        });

    [Fuzz]
    public Property A_damaged_model_file_gives_a_header_or_a_gguf_format_error() =>
        Prop.ForAll(FuzzInputs.MutationsOf(TinyModelHeader.Value), bytes =>
        {
            var path = Path.Combine(_directory, "model.gguf");
            File.WriteAllBytes(path, bytes);
            try
            {
                GgufHeader.Read(path);
            }
            catch (GgufFormatException exception)
            {
                Assert.False(string.IsNullOrWhiteSpace(exception.Message));
            }
        });

    private static void AssertFinite(TelemetrySample sample)
    {
        double?[] values = [sample.PowerW, sample.GpuLoadPercent, sample.GpuFrequencyMHz, sample.MemoryTotalMB, sample.MemoryAvailableMB, sample.GpuMemoryUsedMB];
        Assert.All(values, v => Assert.True(v is null || double.IsFinite(v.Value), $"non-finite reading {v}"));
        Assert.All(sample.TemperaturesC.Values, t => Assert.True(double.IsFinite(t), $"non-finite temperature {t}"));
        Assert.All(sample.Rails, r => Assert.True(r.PowerW is null || double.IsFinite(r.PowerW.Value), $"non-finite rail {r.Name}"));
    }
}
