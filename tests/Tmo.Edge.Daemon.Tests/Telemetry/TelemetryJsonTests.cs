using System.Text.Json;
using Tmo.Edge.Core.Telemetry;
using Tmo.Edge.Daemon.Tests.Cli;

namespace Tmo.Edge.Daemon.Tests.Telemetry;

/// <summary>The `telemetry` payload and `tmo-edge telemetry --json`: the issue's example, byte for byte.</summary>
public sealed class TelemetryJsonTests
{
    private const string IssueExample =
        """{"source":"jetson","powerW":6.28,"rails":[{"name":"VDD_IN","voltageV":5.06,"currentA":1.24,"powerW":6.28}],"temperaturesC":{"cpu-thermal":48.5},"gpuLoadPercent":34.5,"gpuFrequencyMHz":624.8,"memoryTotalMB":7441.4,"memoryAvailableMB":3720.7,"gpuMemoryUsedMB":500.0,"powerMode":"1"}""";

    [Fact]
    public void A_sample_serialises_exactly_as_the_contract_example_and_reads_back()
    {
        var sample = new TelemetrySample(
            "jetson", 5.064 * 1.24, [new PowerRail("VDD_IN", 5.064, 1.24, 5.064 * 1.24)], new Dictionary<string, double> { ["cpu-thermal"] = 48.5 },
            34.5, 624.8, 7619994 / 1024.0, 3809997 / 1024.0, 500, "1");

        var json = JsonSerializer.Serialize(sample, TelemetryJsonContext.Default.TelemetrySample);
        var back = JsonSerializer.Deserialize(json, TelemetryJsonContext.Default.TelemetrySample)!;

        Assert.Equal(IssueExample, json);
        Assert.Equal(6.28, back.PowerW);
        Assert.Equal(48.5, back.TemperaturesC["cpu-thermal"]);
    }

    [Fact]
    public void What_a_source_cannot_read_is_written_as_null()
    {
        var json = JsonSerializer.Serialize(TelemetrySample.Empty("linux"), TelemetryJsonContext.Default.TelemetrySample);

        Assert.Equal(
            """{"source":"linux","powerW":null,"rails":[],"temperaturesC":{},"gpuLoadPercent":null,"gpuFrequencyMHz":null,"memoryTotalMB":null,"memoryAvailableMB":null,"gpuMemoryUsedMB":null,"powerMode":null}""",
            json);
    }

    [Fact]
    public async Task The_cli_prints_one_sample_of_a_device_tree_copy_as_json()
    {
        var (exitCode, output, error) = await CliRun.InvokeAsync("telemetry", "--root", Fixtures.Root("orin-nano"), "--once", "--json");

        Assert.Equal(0, exitCode);
        Assert.Equal(string.Empty, error);
        Assert.Equal(
            """{"source":"jetson","powerW":6.28,"rails":[{"name":"VDD_IN","voltageV":5.06,"currentA":1.24,"powerW":6.28},{"name":"VDD_CPU_GPU_CV","voltageV":5.06,"currentA":0.22,"powerW":1.11},{"name":"VDD_SOC","voltageV":5.06,"currentA":0.32,"powerW":1.62}],"temperaturesC":{"cpu-thermal":48.5,"gpu-thermal":47.25,"soc0-thermal":46.75,"soc1-thermal":47.0,"soc2-thermal":46.5,"tj-thermal":48.5},"gpuLoadPercent":34.5,"gpuFrequencyMHz":624.8,"memoryTotalMB":7441.4,"memoryAvailableMB":3720.7,"gpuMemoryUsedMB":500.0,"powerMode":"1"}""",
            output.TrimEnd());
    }

    [Fact]
    public async Task The_cli_with_a_named_source_and_no_json_prints_a_table_and_warns_about_what_it_could_not_read()
    {
        var (exitCode, output, error) = await CliRun.InvokeAsync("telemetry", "--root", Fixtures.Root("x86-bare"), "--source", "nvidia-smi", "--once");

        Assert.Equal(0, exitCode);
        Assert.Contains("Source       nvidia-smi", output, StringComparison.Ordinal);
        Assert.Contains("Power        - W", output, StringComparison.Ordinal);
        Assert.StartsWith("warning: Telemetry reading nvidia-smi is unavailable", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cli_rejects_an_unknown_source()
    {
        var (exitCode, _, error) = await CliRun.InvokeAsync("telemetry", "--source", "psychic", "--once");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("psychic", error, StringComparison.Ordinal);
    }
}
