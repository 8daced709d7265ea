using Microsoft.Extensions.Logging;
using Tmo.Edge.Daemon.Policies;
using Tmo.Edge.Daemon.Tests.Cli;
using Tmo.Edge.Daemon.Tests.Settings;
using Tmo.Edge.Data.Settings;
using Tmo.Edge.Policy.Checkpoints;
using Tmo.Edge.Policy.Costs;
using Tmo.Edge.Policy.Dataset;
using Tmo.Edge.Policy.Environment;
using Tmo.Edge.Policy.Evaluation;
using Tmo.Edge.Policy.Training;

namespace Tmo.Edge.Daemon.Tests.Policies;

public sealed class ActivePolicyCheckpointTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tmo-active-policy-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_remembered_checkpoint_is_loaded_instead_of_the_configured_one()
    {
        var dataset = await M4A1Loader.LoadAsync(CliRun.DataPath);
        var configured = await TrainAsync(dataset, seed: 1, "configured.json");
        var activated = await TrainAsync(dataset, seed: 2, "activated.json");
        await using var database = await SettingsDatabase.CreateAsync();
        var active = new ActivePolicyCheckpoint(database.Settings, database.Logger<ActivePolicyCheckpoint>());

        Assert.Equal(configured, (await active.LoadAsync(configured, dataset.Tasks, CancellationToken.None)).CheckpointPath);
        await active.RememberAsync(activated, CancellationToken.None);
        var (policy, path) = await active.LoadAsync(configured, dataset.Tasks, CancellationToken.None);

        Assert.Equal(activated, path);
        Assert.Equal((await CheckpointCodec.LoadAsync(activated)).PolicyVersion, policy.Version);
        Assert.DoesNotContain(database.Logs.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task A_missing_remembered_checkpoint_falls_back_to_the_configured_one_with_a_warning_naming_it()
    {
        var dataset = await M4A1Loader.LoadAsync(CliRun.DataPath);
        var configured = await TrainAsync(dataset, seed: 1, "configured.json");
        var gone = Path.Combine(_directory, "deleted.json");
        await using var database = await SettingsDatabase.CreateAsync();
        await database.SetAsync(SettingKeys.ActivePolicyCheckpoint, gone);
        var active = new ActivePolicyCheckpoint(database.Settings, database.Logger<ActivePolicyCheckpoint>());

        var (policy, path) = await active.LoadAsync(configured, dataset.Tasks, CancellationToken.None);

        Assert.Equal(configured, path);
        Assert.Equal((await CheckpointCodec.LoadAsync(configured)).PolicyVersion, policy.Version);
        var warning = Assert.Single(database.Logs.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains(gone, warning.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", warning.Message, StringComparison.Ordinal);
    }

    private async Task<string> TrainAsync(DialogueDataset dataset, int seed, string name)
    {
        var scenario = OffloadingScenario.For(dataset, DeviceProfile.Default, CloudProfile.Default);
        var workspace = new SplitWorkspace(scenario, DatasetSplit.BySeed(dataset, seed), seed);
        var checkpoint = PolicyTraining.Train(dataset, workspace, MethodSpec.Named("RC-A2C"), new TrainingSetup(Steps: 1_000), EvaluationBudgets.Default, TimeProvider.System);
        var path = Path.Combine(_directory, name);
        await CheckpointCodec.SaveAsync(checkpoint, path);
        return path;
    }
}
