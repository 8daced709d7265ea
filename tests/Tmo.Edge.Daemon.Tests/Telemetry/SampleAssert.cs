using Tmo.Edge.Core.Telemetry;

namespace Tmo.Edge.Daemon.Tests.Telemetry;

/// <summary>Compares two samples reading by reading, to 9 decimals (products of mV and mA carry rounding noise).</summary>
internal static class SampleAssert
{
    private const int Precision = 9;

    public static void Equal(TelemetrySample expected, TelemetrySample actual)
    {
        Assert.Equal(expected.Source, actual.Source);
        Near(expected.PowerW, actual.PowerW, "powerW");
        Assert.Equal(expected.Rails.Select(r => r.Name), actual.Rails.Select(r => r.Name));
        foreach (var (want, got) in expected.Rails.Zip(actual.Rails))
        {
            Near(want.VoltageV, got.VoltageV, $"{want.Name} voltage");
            Near(want.CurrentA, got.CurrentA, $"{want.Name} current");
            Near(want.PowerW, got.PowerW, $"{want.Name} power");
        }

        Assert.Equal(expected.TemperaturesC.OrderBy(t => t.Key, StringComparer.Ordinal), actual.TemperaturesC.OrderBy(t => t.Key, StringComparer.Ordinal));
        Near(expected.GpuLoadPercent, actual.GpuLoadPercent, "gpuLoadPercent");
        Near(expected.GpuFrequencyMHz, actual.GpuFrequencyMHz, "gpuFrequencyMHz");
        Near(expected.MemoryTotalMB, actual.MemoryTotalMB, "memoryTotalMB");
        Near(expected.MemoryAvailableMB, actual.MemoryAvailableMB, "memoryAvailableMB");
        Near(expected.GpuMemoryUsedMB, actual.GpuMemoryUsedMB, "gpuMemoryUsedMB");
        Assert.Equal(expected.PowerMode, actual.PowerMode);
    }

    private static void Near(double? expected, double? actual, string reading)
    {
        Assert.True(expected.HasValue == actual.HasValue, $"{reading}: expected {expected?.ToString() ?? "null"}, read {actual?.ToString() ?? "null"}");
        if (expected is { } e)
        {
            Assert.Equal(e, actual!.Value, Precision);
        }
    }
}
