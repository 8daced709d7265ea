namespace Tmo.Edge.Tests;

/// <summary>Each shipped unit bounds its memory, so a runaway service is restarted rather than starving the device.</summary>
public sealed class SystemdMemoryLimitTests
{
    [Theory]
    [InlineData("tmo-edge.service")]
    [InlineData("tmo-edge-console.service")]
    public void The_unit_sets_memory_max_above_memory_high_and_restarts_on_failure(string unit)
    {
        var settings = File.ReadAllLines(Path.Combine(RepositoryRoot.Find(), "packaging", "systemd", unit))
            .Select(line => line.Split('=', 2))
            .Where(pair => pair.Length == 2 && !pair[0].StartsWith('#'))
            .ToLookup(pair => pair[0], pair => pair[1]);

        var max = Assert.Single(settings["MemoryMax"]);
        var high = Assert.Single(settings["MemoryHigh"]);
        Assert.True(Bytes(high) < Bytes(max), $"MemoryHigh={high} is not below MemoryMax={max}");
        Assert.Equal("on-failure", Assert.Single(settings["Restart"]));
    }

    /// <summary>A systemd memory size (K, M, G suffixes) or a share of RAM (%), on one scale for comparing.</summary>
    private static double Bytes(string value) => value[^1] switch
    {
        '%' => double.Parse(value[..^1], System.Globalization.CultureInfo.InvariantCulture) / 100 * (1L << 40),
        'K' => double.Parse(value[..^1], System.Globalization.CultureInfo.InvariantCulture) * (1 << 10),
        'M' => double.Parse(value[..^1], System.Globalization.CultureInfo.InvariantCulture) * (1 << 20),
        'G' => double.Parse(value[..^1], System.Globalization.CultureInfo.InvariantCulture) * (1 << 30),
        _ => double.Parse(value, System.Globalization.CultureInfo.InvariantCulture),
    };
}
