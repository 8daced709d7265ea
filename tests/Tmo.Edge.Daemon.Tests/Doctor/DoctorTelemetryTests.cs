using System.Text.RegularExpressions;
using Tmo.Edge.Core.Options;
using Tmo.Edge.Daemon.Doctor;
using Tmo.Edge.Daemon.Policies;
using Tmo.Edge.Daemon.Runners;
using Tmo.Edge.Daemon.Telemetry;
using Tmo.Edge.Daemon.Tests.Telemetry;
using Tmo.Edge.Data;

namespace Tmo.Edge.Daemon.Tests.Doctor;

/// <summary>The doctor's telemetry lines on good and broken fixture trees: each reading, or why it is null.</summary>
public sealed partial class DoctorTelemetryTests
{
    [Fact]
    public async Task The_readme_example_prints_what_the_readme_shows()
    {
        var block = ReadmeExample().Match(File.ReadAllText(Path.Join(RepositoryRoot.Find(), "docs", "operations.md")));
        Assert.True(block.Success, "docs/operations.md has no block after <!-- readme-doctor-example -->");
        var lines = block.Groups["block"].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var root = lines[0].Split("--root ")[1].Trim();

        var checks = await DiagnoseAsync(Settings(Path.Join(RepositoryRoot.Find(), root)));

        Assert.All(lines.Skip(1), shown => Assert.Contains(shown, Lines(checks)));
    }

    [Fact]
    public async Task A_good_orin_tree_gives_every_reading_as_ok()
    {
        var checks = await DiagnoseAsync(Settings("orin-nano"));

        Assert.Equal("ok    telemetry source: jetson (detected under " + Fixtures.Root("orin-nano") + ")", checks[0].ToString());
        Assert.All(checks, check => Assert.Equal(DoctorStatus.Ok, check.Status));
        Assert.Contains("ok    rail VDD_IN: 5.064 V, 1.24 A, 6.279 W", Lines(checks));
        Assert.Contains("ok    gpu load: 34.5 %", Lines(checks));
        Assert.Contains("ok    gpu frequency: 624.8 MHz", Lines(checks));
        Assert.Contains("ok    temperature tj-thermal: 48.5 C", Lines(checks));
        Assert.Contains("ok    power mode: nvpmodel mode 1", Lines(checks));
    }

    [Fact]
    public async Task A_garbage_current_is_named_with_its_file_and_fails_only_where_the_power_cap_needs_it()
    {
        var root = Fixtures.Copy("orin-nano");
        File.WriteAllText(Path.Combine(root, "sys/bus/i2c/devices/1-0040/hwmon/hwmon1/curr1_input"), "0x4f!?\n");

        var informative = await DiagnoseAsync(Settings(root));
        var capped = Settings(root);
        capped.Telemetry.PowerCapW = 25;
        var needed = await DiagnoseAsync(capped);

        var why = "/sys/bus/i2c/devices/1-0040/hwmon/hwmon1/curr1_input: not a number: '0x4f!?'";
        Assert.Contains($"warn  power: {why}", Lines(informative));
        Assert.Contains($"warn  rail VDD_IN: 5.064 V, ? A, ? W ({why})", Lines(informative));
        Assert.Contains($"FAIL  power: {why} (Tmo:Telemetry:PowerCapW needs it)", Lines(needed));
    }

    [Fact]
    public async Task A_tree_without_a_gpu_says_where_the_jetson_source_looked()
    {
        var root = Fixtures.Copy("orin-nano");
        File.Delete(Path.Combine(root, "sys/class/devfreq/17000000.ga10b"));

        var checks = await DiagnoseAsync(Settings(root));

        Assert.Contains("warn  gpu load: no Tegra GPU under /sys/class/devfreq/*/device/of_node/name (gp10b, gv11b, ga10b, gb10b, gpu)", Lines(checks));
    }

    [Fact]
    public async Task A_bare_x86_box_is_linux_with_its_missing_readings_explained_and_a_needed_temperature_failing()
    {
        var settings = Settings("x86-bare");
        settings.LocalLlm.ModelPath = "/models/any.gguf";

        var checks = await DiagnoseAsync(settings);

        Assert.StartsWith("ok    telemetry source: linux (detected under ", checks[0].ToString(), StringComparison.Ordinal);
        Assert.Contains("warn  gpu load: the linux source does not read it", Lines(checks));
        Assert.Contains("warn  power mode: no /var/lib/nvpmodel/status (nvpmodel is not installed)", Lines(checks));
        Assert.Contains(checks, c => c is { Status: DoctorStatus.Fail, Name: "temperatures" });
    }

    [Fact]
    public async Task A_tree_that_reads_nothing_fails_the_source()
    {
        var empty = Directory.CreateTempSubdirectory("tmo-doctor-empty-").FullName;

        var checks = await DiagnoseAsync(Settings(empty));

        Assert.Equal(DoctorStatus.Fail, checks[0].Status);
        Assert.Contains("reads nothing", checks[0].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_real_h200_capture_under_the_current_query_is_reported_not_misread()
    {
        var settings = Settings("x86-nvidia");
        var output = new CapturedOutput(Path.Combine(Fixtures.Root("h200-nvidia-smi"), "load.csv"));

        var checks = await new TelemetryDiagnosis(settings, output).RunAsync(CancellationToken.None);

        Assert.StartsWith("ok    telemetry source: nvidia-smi", checks[0].ToString(), StringComparison.Ordinal);
        Assert.Contains("warn  gpu load: nvidia-smi: expected 8 fields, got '98, 143771, 21363, 121794, 57, 692.17'", Lines(checks));
    }

    internal static DoctorSettings Settings(string device) => new(
        new TelemetryOptions { Root = Path.IsPathRooted(device) ? device : Fixtures.Root(device) },
        new LocalLlmOptions(),
        new MqttOptions(),
        new StorageOptions(),
        new PolicyOptions());

    private static Task<IReadOnlyList<DoctorCheck>> DiagnoseAsync(DoctorSettings settings) =>
        new TelemetryDiagnosis(settings, new CapturedOutput(Path.Combine(Fixtures.Root("x86-nvidia"), "nvidia-smi.csv"))).RunAsync(CancellationToken.None);

    private static List<string> Lines(IEnumerable<DoctorCheck> checks) => checks.Select(c => c.ToString()).ToList();

    [GeneratedRegex("<!-- readme-doctor-example -->\\s*```sh\\n(?<block>.*?)```", RegexOptions.Singleline)]
    private static partial Regex ReadmeExample();
}
