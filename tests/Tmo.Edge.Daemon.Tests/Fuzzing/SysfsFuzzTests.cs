using FsCheck;
using FsCheck.Fluent;
using Tmo.Edge.Core.Telemetry;
using Tmo.Edge.Daemon.Telemetry;
using Tmo.Edge.Daemon.Tests.Telemetry;

namespace Tmo.Edge.Daemon.Tests.Fuzzing;

/// <summary>
/// The telemetry readers (INA3221 hwmon and iio power rails, thermal zones, the GPU's devfreq and load nodes,
/// /proc/meminfo) on copies of the real device trees in which one file at a time holds damaged contents: the source
/// still gives a sample, every reading in it physically possible (finite, in range) or absent, and never throws.
/// </summary>
public sealed class SysfsFuzzTests : IDisposable
{
    private static readonly string[] Jetsons = ["agx-orin-jp6", "orin-nano", "xavier-nx", "tx2-jp4"];

    /// <summary>Each file once, where it is: sysfs links lead in circles (a GPU's devfreq/X/device is the GPU).</summary>
    private static readonly EnumerationOptions RealFilesOnly = new() { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint };

    private readonly Dictionary<string, string> _roots = new(StringComparer.Ordinal);
    private readonly List<Target> _targets = [];

    public SysfsFuzzTests()
    {
        foreach (var device in Jetsons.Append("x86-bare"))
        {
            var root = Fixtures.Copy(device);
            _roots[device] = root;
            foreach (var file in Directory.EnumerateFiles(root, "*", RealFilesOnly).Where(f => Path.GetFileName(f) != ".keep").Order(StringComparer.Ordinal))
            {
                _targets.Add(new Target(device, file, File.ReadAllBytes(file)));
            }
        }
    }

    public void Dispose()
    {
        foreach (var root in _roots.Values)
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fuzz]
    public Property A_damaged_sensor_file_gives_a_sample_with_only_possible_readings() =>
        Prop.ForAll(Damaged().ToArbitrary(), damage =>
        {
            File.WriteAllBytes(damage.Target.File, damage.Contents);
            try
            {
                var files = Fixtures.Files(_roots[damage.Target.Device]);
                TelemetrySample sample = Jetsons.Contains(damage.Target.Device) ? new JetsonSource(files).Read() : new LinuxSource(files).Read();

                AssertPossible(sample);
            }
            finally
            {
                File.WriteAllBytes(damage.Target.File, damage.Target.Original);
            }
        });

    private Gen<Damage> Damaged() =>
        from target in Gen.Elements(_targets.ToArray())
        from contents in Gen.Frequency(
            (8, FuzzInputs.MutationsOf(target.Original).Generator),
            (1, Gen.Elements<byte[]>([], "\n"u8.ToArray(), "-1\n"u8.ToArray(), "99999999999999999999999\n"u8.ToArray(), "1e308\n"u8.ToArray(), "NaN\n"u8.ToArray())),
            (1, Gen.Choose(1, 4).Select(megabytes => Enumerable.Repeat((byte)'7', megabytes << 20).ToArray())))
        select new Damage(target, contents);

    private static void AssertPossible(TelemetrySample sample)
    {
        AssertNonNegative(sample.PowerW);
        foreach (var rail in sample.Rails)
        {
            Assert.False(string.IsNullOrEmpty(rail.Name));
            AssertNonNegative(rail.VoltageV);
            AssertNonNegative(rail.CurrentA);
            AssertNonNegative(rail.PowerW);
        }

        Assert.All(sample.TemperaturesC.Values, celsius => Assert.InRange(celsius, -273.15, 1000));
        if (sample.GpuLoadPercent is { } load)
        {
            Assert.InRange(load, 0, 100);
        }

        AssertNonNegative(sample.GpuFrequencyMHz);
        AssertNonNegative(sample.MemoryTotalMB);
        AssertNonNegative(sample.MemoryAvailableMB);
        AssertNonNegative(sample.GpuMemoryUsedMB);
    }

    private static void AssertNonNegative(double? reading)
    {
        if (reading is { } value)
        {
            Assert.True(double.IsFinite(value) && value >= 0, $"Impossible reading {value}.");
        }
    }

    private sealed record Target(string Device, string File, byte[] Original)
    {
        public override string ToString() => $"{Device}:{Path.GetFileName(File)}";
    }

    private sealed record Damage(Target Target, byte[] Contents)
    {
        public override string ToString() => $"{Target} <- {Contents.Length} bytes";
    }
}
