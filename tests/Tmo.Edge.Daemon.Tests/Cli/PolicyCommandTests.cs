using System.Text.Json;

namespace Tmo.Edge.Daemon.Tests.Cli;

public sealed class PolicyCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tmo-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Train_writes_a_checkpoint_that_show_summarises()
    {
        var checkpoint = Path.Combine(_directory, "rc-a2c.json");

        var train = await CliRun.InvokeAsync("policy", "train", "--data", CliRun.DataPath, "--algo", "a2c", "--rc", "--steps", "2000", "--seed", "3", "--out", checkpoint);
        Assert.True(train.ExitCode == 0, train.Error);
        Assert.Contains("Trained RC-A2C", train.Output, StringComparison.Ordinal);

        var show = await CliRun.InvokeAsync("policy", "show", checkpoint);
        Assert.True(show.ExitCode == 0, show.Error);
        Assert.Contains("RC-A2C", show.Output, StringComparison.Ordinal);
        Assert.Contains("X = 3 views, Z = 5 turns, 9 actions, observation 27", show.Output, StringComparison.Ordinal);
        Assert.Contains("Jetson TX2", show.Output, StringComparison.Ordinal);
        Assert.Contains("seed 3", show.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_prints_a_markdown_table_and_writes_json_for_an_explicit_test_split()
    {
        var ids = Path.Combine(_directory, "test-ids.txt");
        await File.WriteAllLinesAsync(ids, ["0", "3", "5", "8", "10", "11"]);
        var json = Path.Combine(_directory, "eval.json");

        var eval = await CliRun.InvokeAsync(
            "policy", "eval", "--data", CliRun.DataPath, "--seeds", "1,2", "--test-ids", ids, "--methods", "Random,Local,Cloud,UCB1,RC-A2C",
            "--steps", "2000", "--shield", "--json", json);

        Assert.True(eval.ExitCode == 0, eval.Error);
        Assert.Contains("| Method | Response |", eval.Output, StringComparison.Ordinal);
        Assert.Contains("| RC-A2C+Shield |", eval.Output, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var methods = document.RootElement.GetProperty("methods").EnumerateArray().ToArray();
        Assert.Equal(
            ["Random", "Local", "Cloud", "UCB1", "RC-A2C", "Random+Shield", "Local+Shield", "Cloud+Shield", "UCB1+Shield", "RC-A2C+Shield"],
            methods.Select(m => m.GetProperty("name").GetString()));
        var local = methods[1];
        Assert.Equal(0, local.GetProperty("latencyViolationShare").GetDouble());
        var actions = local.GetProperty("actions");
        // Six test dialogues of 3 + 5 + 3 + 5 + 5 + 5 turns, two seeds, all local.
        Assert.Equal(2 * 26, actions.GetProperty("local").GetInt32());
        Assert.Equal(0, actions.GetProperty("cloudText").GetInt32() + actions.GetProperty("cloudViews").GetInt32());
        foreach (var field in new[] { "responseScore", "associationScore", "latencyS", "usageUsd", "reward", "usageViolationShare", "latencyExcessS", "usageExcessUsd" })
        {
            Assert.True(local.TryGetProperty(field, out _), field);
        }
    }

    [Fact]
    public async Task Auto_training_ships_the_best_candidate_on_validation_and_show_lists_every_candidate()
    {
        var checkpoint = Path.Combine(_directory, "auto.json");

        var train = await CliRun.InvokeAsync("policy", "train", "--data", CliRun.DataPath, "--steps", "2000", "--out", checkpoint);
        Assert.True(train.ExitCode == 0, train.Error);
        var show = await CliRun.InvokeAsync("policy", "show", checkpoint);
        Assert.True(show.ExitCode == 0, show.Error);

        var rows = show.Output.Split('\n').Where(l => l.StartsWith("| RC-PPO", StringComparison.Ordinal) || l.StartsWith("| PPO", StringComparison.Ordinal)).ToArray();
        Assert.Equal(6, rows.Length);
        var shipped = Assert.Single(rows, r => r.Contains("(shipped)", StringComparison.Ordinal));
        Assert.Equal(rows[0], shipped); // rows are sorted by mean validation reward
        Assert.Contains(shipped.Contains("RC-", StringComparison.Ordinal) ? "Algorithm    RC-PPO" : "Algorithm    PPO", show.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Auto_training_refuses_a_single_variant_flag()
    {
        var train = await CliRun.InvokeAsync("policy", "train", "--data", CliRun.DataPath, "--rc", "--out", Path.Combine(_directory, "x.json"));
        Assert.Equal(1, train.ExitCode);
        Assert.Contains("--algo auto", train.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Live_eval_plays_the_test_dialogues_through_the_daemon_and_reports_refused_shares()
    {
        var json = Path.Combine(_directory, "live.json");

        var eval = await CliRun.InvokeAsync(
            "policy", "eval", "--data", CliRun.DataPath, "--seeds", "1", "--methods", "Local,Cloud,Oracle", "--live", "--json", json);

        Assert.True(eval.ExitCode == 0, eval.Error);
        Assert.Contains("live path", eval.Output, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        Assert.Equal("live", document.RootElement.GetProperty("path").GetString());
        var methods = document.RootElement.GetProperty("methods").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!);
        foreach (var method in new[] { "Local", "Cloud" })
        {
            // The daemon's shield: never over budget on the live path.
            Assert.Equal(0, methods[method].GetProperty("latencyViolationShare").GetDouble());
            Assert.Equal(0, methods[method].GetProperty("usageViolationShare").GetDouble());
            Assert.InRange(methods[method].GetProperty("refusedShare").GetDouble(), 0, 1);
        }

        // Recorded local answers take seconds (up to ~24 s), so Local-only cannot answer every turn within 30 s.
        Assert.True(methods["Local"].GetProperty("actions").GetProperty("refused").GetInt32() > 0);
        Assert.InRange(methods["Cloud"].GetProperty("oracleShare").GetDouble(), 0, 1.5);
    }

    [Fact]
    public async Task Missing_dataset_is_one_clear_error_line()
    {
        var result = await CliRun.InvokeAsync("policy", "eval", "--data", Path.Combine(_directory, "nope.json"));
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: M4A1 dataset not found", result.Error, StringComparison.Ordinal);
        Assert.Contains("TMO_M4A1", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_dataset_falls_back_to_synthetic_dialogues_when_asked()
    {
        var result = await CliRun.InvokeAsync(
            "policy", "eval", "--data", Path.Combine(_directory, "nope.json"), "--synthetic-fallback", "--seeds", "1", "--methods", "Local,Cloud");
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("synthetic dialogue set", result.Error, StringComparison.Ordinal);
        Assert.Contains("| Cloud |", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"format\":\"something-else\"}")]
    public async Task Corrupt_checkpoint_is_reported_not_crashed_on(string content)
    {
        var path = Path.Combine(_directory, "bad.json");
        await File.WriteAllTextAsync(path, content);
        var result = await CliRun.InvokeAsync("policy", "show", path);
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error:", result.Error, StringComparison.Ordinal);
        Assert.Contains("bad.json", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--steps", "0")]
    [InlineData("--latency-budget", "-1")]
    [InlineData("--methods", "Clairvoyant")]
    public async Task Invalid_arguments_are_rejected(string option, string value)
    {
        var result = await CliRun.InvokeAsync("policy", "eval", "--data", CliRun.DataPath, option, value);
        Assert.NotEqual(0, result.ExitCode);
        Assert.NotEmpty(result.Error);
    }
}
