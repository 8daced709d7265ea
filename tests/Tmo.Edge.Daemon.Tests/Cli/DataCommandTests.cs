using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tmo.Edge.Core.Runners;
using Tmo.Edge.Core.Turns;
using Tmo.Edge.Data;
using Tmo.Edge.Data.Connecting;
using Tmo.Edge.Data.Journal;
using Tmo.Edge.Data.Migrating;
using Tmo.Edge.Data.Records;
using Tmo.Edge.Policy.Checkpoints;
using Tmo.Edge.Policy.Dataset;

namespace Tmo.Edge.Daemon.Tests.Cli;

/// <summary>`data export` on a real journal file, and `policy train` on M4A1 merged with what it wrote.</summary>
public sealed class DataCommandTests : IAsyncDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DialogueBudget Budget = new(LatencyS: 30, UsageUsd: 0.05);

    private readonly string _directory = Directory.CreateTempSubdirectory("tmo-data-cli-").FullName;
    private readonly ServiceProvider _daemon;

    public DataCommandTests()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"{StorageOptions.Section}:DataDirectory"] = _directory })
            .Build();
        _daemon = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddTmoEdgeData()
            .BuildServiceProvider();
    }

    private TurnJournal Journal => _daemon.GetRequiredService<TurnJournal>();

    private string JournalPath => SqliteDatabase.PathIn(_directory);

    public async ValueTask DisposeAsync()
    {
        await _daemon.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Export_writes_the_rated_dialogues_in_the_M4A1_format_with_their_history_costs_and_scores()
    {
        await MigrateAsync();
        // d1: a local answer (history), a cloud answer with views 0 and 2 (rated), a later answer that nobody rated.
        await AnswerAsync("d1", "Turn on the light.", "Assistive System", Local(2.25, 0.0001));
        await AnswerAsync("d1", "What is on the table?", "Query", Cloud(6, [0, 2], 1.5, 0.0025));
        await AnswerAsync("d1", "Thanks.", "Query", Local(0.5, 0));
        await Journal.RateAsync("d1", 2, 0.75, None);
        // d2: a task M4A1 does not know, rated on its only turn.
        await AnswerAsync("d2", "Which way to the door?", "Navigation", Cloud(1, [], 0.8, 0.001));
        await Journal.RateAsync("d2", 1, 0.25, None);
        // d3: never rated.
        await AnswerAsync("d3", "Hello?", "Query", Local(1, 0));
        var file = Path.Combine(_directory, "device.json");

        var export = await CliRun.InvokeAsync("data", "export", "--journal", JournalPath, "--out", file);

        Assert.True(export.ExitCode == 0, export.Error);
        Assert.Contains("Exported 2 dialogues (2 played, 0 shadow answers; 2 rated turns, 1 unrated history turns, X = 3)", export.Output, StringComparison.Ordinal);
        var dataset = await M4A1Loader.LoadAsync(file, None);
        Assert.Equal(3, dataset.ModalityCount);
        Assert.Equal([0, 1], dataset.Episodes.Select(e => e.Id));
        var history = dataset.Episodes[0].Turns[0];
        var rated = dataset.Episodes[0].Turns[1];
        var other = Assert.Single(dataset.Episodes[1].Turns);
        Assert.Equal(2, dataset.Episodes[0].Turns.Count);
        Assert.Equal(("Turn on the light.", "Assistive System", false, false), (history.Question, history.Task, history.Cloud, history.Scored));
        Assert.Empty(history.UploadedViews);
        Assert.Equal((2.25, 0.0001), (history.InteractionTimeS, history.UsageUsd));
        Assert.Equal(("What is on the table?", "Query", true, true, 0.75), (rated.Question, rated.Task, rated.Cloud, rated.Scored, rated.Score));
        Assert.Equal([0, 2], rated.UploadedViews);
        Assert.Equal((1.5, 0.0025), (rated.InteractionTimeS, rated.UsageUsd));
        Assert.Equal("Answer to: What is on the table?", rated.Answer);
        Assert.Equal(("Navigation", true, 0.25), (other.Task, other.Cloud, other.Score));
        Assert.Empty(other.UploadedViews);
        Assert.All(dataset.Episodes.SelectMany(e => e.Association), row => Assert.Equal([0.0, 0.0, 0.0], row));
        Assert.Equal(["Assistive System", "Navigation", "Query"], dataset.Tasks.Names);
    }

    [Fact]
    public async Task Export_writes_each_shadow_answer_as_a_dialogue_of_its_own_so_the_loader_sees_both_actions_for_one_state()
    {
        await MigrateAsync();
        // d1: a local answer (history), then a local answer the judge rated, whose shadow from the cloud (views 0 and 2) was rated too.
        await AnswerAsync("d1", "Turn on the light.", "Assistive System", Local(2.25, 0.0001));
        await AnswerAsync("d1", "What is on the table?", "Query", Local(3, 0.0002));
        await Journal.RateAsync("d1", 2, 0.4, None);
        await Journal.RateAsync("d1", 1, 0.7, None);
        await _daemon.GetRequiredService<ShadowAnswerStore>().AddAsync(
            new ShadowAnswerRecord
            {
                DialogueId = "d1",
                Sequence = 2,
                Action = 6,
                Location = RunnerLocation.Cloud,
                Views = [0, 2],
                ResponseText = "A cup and a book.",
                LatencyMs = 4500,
                UsageUsd = 0.003,
                Score = 0.9,
                CreatedAt = DateTimeOffset.UnixEpoch,
            },
            None);
        var file = Path.Combine(_directory, "device.json");

        var export = await CliRun.InvokeAsync("data", "export", "--journal", JournalPath, "--out", file);

        Assert.True(export.ExitCode == 0, export.Error);
        Assert.Contains("Exported 2 dialogues (1 played, 1 shadow answers; 3 rated turns, 1 unrated history turns, X = 3)", export.Output, StringComparison.Ordinal);
        var dataset = await M4A1Loader.LoadAsync(file, None);
        Assert.Equal(2, dataset.Episodes.Count);
        var (played, shadow) = (dataset.Episodes[0].Turns, dataset.Episodes[1].Turns);
        Assert.Equal(2, shadow.Count);
        // The same history, unrated in the shadow's dialogue: the state is the same, only the last action differs.
        Assert.Equal((played[0].Question, played[0].Task, played[0].Cloud), (shadow[0].Question, shadow[0].Task, shadow[0].Cloud));
        Assert.Equal((true, false), (played[0].Scored, shadow[0].Scored));
        Assert.Equal((played[1].Question, played[1].Task), (shadow[1].Question, shadow[1].Task));
        Assert.Equal((false, true, 0.4), (played[1].Cloud, played[1].Scored, played[1].Score));
        Assert.Equal((true, true, 0.9), (shadow[1].Cloud, shadow[1].Scored, shadow[1].Score));
        Assert.Equal([0, 2], shadow[1].UploadedViews);
        Assert.Equal(("A cup and a book.", 4.5, 0.003), (shadow[1].Answer, shadow[1].InteractionTimeS, shadow[1].UsageUsd));
        Assert.Equal(2, dataset.Episodes.Sum(e => e.Turns.Count(t => t.Scored && t.Question == "What is on the table?")));
    }

    [Fact]
    public async Task Export_of_a_journal_without_ratings_writes_an_empty_set_and_says_so()
    {
        await MigrateAsync();
        await AnswerAsync("d1", "Hello?", "Query", Local(1, 0));
        var file = Path.Combine(_directory, "device.json");

        var export = await CliRun.InvokeAsync("data", "export", "--journal", _directory, "--out", file);

        Assert.True(export.ExitCode == 0, export.Error);
        Assert.Contains("no rated turns yet: wrote an empty set", export.Output, StringComparison.Ordinal);
        using var written = JsonDocument.Parse(await File.ReadAllBytesAsync(file));
        Assert.Equal(0, written.RootElement.GetArrayLength());
    }

    [Fact]
    public async Task Export_refuses_a_missing_journal_and_one_behind_this_build()
    {
        var missing = await CliRun.InvokeAsync("data", "export", "--journal", Path.Combine(_directory, "nope.db"), "--out", Path.Combine(_directory, "x.json"));
        Assert.Equal(1, missing.ExitCode);
        Assert.StartsWith("error: No journal at", missing.Error, StringComparison.Ordinal);

        await using (var connection = new SqliteConnection(SqliteDatabase.ConnectionString(_directory)))
        {
            await connection.OpenAsync();
        }

        var unmigrated = await CliRun.InvokeAsync("data", "export", "--journal", JournalPath, "--out", Path.Combine(_directory, "x.json"));
        Assert.Equal(1, unmigrated.ExitCode);
        Assert.Contains("lacks migrations", unmigrated.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_directory, "x.json")));
    }

    [Fact]
    public async Task Train_merges_M4A1_and_the_device_export_with_the_device_weighted()
    {
        await MigrateAsync();
        await AnswerAsync("d1", "What is on the table?", "Query", Cloud(6, [0, 2], 1.5, 0.0025));
        await AnswerAsync("d1", "Read it to me.", "Query", Local(4, 0));
        await Journal.RateAsync("d1", 2, 1, None);
        await AnswerAsync("d2", "Which way to the door?", "Navigation", Local(2, 0));
        await Journal.RateAsync("d2", 1, 0.5, None);
        var device = Path.Combine(_directory, "device.json");
        var export = await CliRun.InvokeAsync("data", "export", "--journal", JournalPath, "--out", device);
        Assert.True(export.ExitCode == 0, export.Error);
        var checkpoint = Path.Combine(_directory, "merged.json");

        var train = await CliRun.InvokeAsync(
            "policy", "train", "--data", CliRun.DataPath, "--data", device, "--weight", "device=10", "--algo", "a2c", "--steps", "2000", "--out", checkpoint);

        Assert.True(train.ExitCode == 0, train.Error);
        Assert.Contains("Data: M4A1 (100 dialogues, weight 1) + device (2 dialogues, weight 10); 5 tasks.", train.Output, StringComparison.Ordinal);
        var trained = await CheckpointCodec.LoadAsync(checkpoint, None);
        Assert.Contains("device.json (weight 10)", trained.Data.Source, StringComparison.Ordinal);
        Assert.Equal(102, trained.Data.TrainEpisodes + trained.Data.TestEpisodeIds.Count);
        // The device's task M4A1 does not know widens the policy's vocabulary.
        Assert.Contains("Navigation", trained.Tasks);
    }

    [Theory]
    [InlineData("device=0", "is not NAME=W with W a positive number")]
    [InlineData("device=-2", "is not NAME=W with W a positive number")]
    [InlineData("device=many", "is not NAME=W with W a positive number")]
    [InlineData("phone=2", "none of the --data sets: M4A1, device")]
    public async Task Train_refuses_a_bad_weight(string weight, string message)
    {
        var device = Path.Combine(_directory, "device.json");
        File.Copy(CliRun.DataPath, device);

        var train = await CliRun.InvokeAsync(
            "policy", "train", "--data", CliRun.DataPath, "--data", device, "--weight", weight, "--steps", "2000", "--out", Path.Combine(_directory, "x.json"));

        Assert.Equal(1, train.ExitCode);
        Assert.StartsWith("error: --weight", train.Error, StringComparison.Ordinal);
        Assert.Contains(message, train.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_directory, "x.json")));
    }

    [Fact]
    public async Task Train_refuses_a_missing_second_dataset()
    {
        var train = await CliRun.InvokeAsync(
            "policy", "train", "--data", CliRun.DataPath, "--data", Path.Combine(_directory, "device.json"), "--steps", "2000", "--out", Path.Combine(_directory, "x.json"));

        Assert.Equal(1, train.ExitCode);
        Assert.Contains("device.json", train.Error, StringComparison.Ordinal);
    }

    private static TurnOutcome Local(double latencyS, double usageUsd) => Outcome(0, [], latencyS, usageUsd);

    private static TurnOutcome Cloud(int action, int[] views, double latencyS, double usageUsd) => Outcome(action, views, latencyS, usageUsd);

    private static TurnOutcome Outcome(int action, int[] views, double latencyS, double usageUsd) =>
        new(TurnStatus.Answered, action, views, [], [], string.Empty, latencyS, usageUsd, 0, "rc-a2c-1", null, TimeSpan.Zero);

    private async Task MigrateAsync() => await _daemon.GetRequiredService<DatabaseMigrator>().MigrateAsync(None);

    private async Task AnswerAsync(string dialogueId, string prompt, string task, TurnOutcome outcome)
    {
        var turn = await Journal.AcceptAsync(new NewTurn(dialogueId, null, DateTimeOffset.UnixEpoch, prompt, task, TaskInferred: false), Budget, None);
        await Journal.CompleteAsync(turn.TurnId, outcome with { Text = $"Answer to: {prompt}" }, None);
    }
}
