using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using Tmo.Edge.Daemon.Tests.Cli;
using Tmo.Edge.Daemon.Tests.Mqtt;
using Tmo.Edge.Data;
using Tmo.Edge.Policy.Checkpoints;
using Tmo.Edge.Policy.Costs;
using Tmo.Edge.Policy.Dataset;
using Tmo.Edge.Policy.Environment;
using Tmo.Edge.Policy.Evaluation;
using Tmo.Edge.Policy.Training;

namespace Tmo.Edge.Daemon.Tests.EndToEnd;

/// <summary>A policy activated from the console stays in force when the daemon restarts, unless its checkpoint is no longer usable.</summary>
public sealed class PolicyRestartEndToEndTests
{
    [Fact]
    public async Task A_policy_activated_from_the_console_is_still_in_force_after_a_restart()
    {
        await using var daemon = await DaemonHost.StartAsync(ConsoleAllowed);
        var configured = daemon.Settings["Tmo:Policy:CheckpointPath"]!;
        var other = await OtherCheckpointAsync(daemon.Directory);
        await StartOnceWithAsync(daemon, other.Path, configured);

        await ActivateAsync(daemon, other.Version);
        await daemon.RestartAsync();

        Assert.Equal(other.Version, await PolicyVersionAnsweringAsync(daemon, "after-restart"));
    }

    [Fact]
    public async Task A_corrupt_activated_checkpoint_falls_back_to_the_configured_one_with_a_warning()
    {
        await using var daemon = await DaemonHost.StartAsync(ConsoleAllowed);
        var configured = daemon.Settings["Tmo:Policy:CheckpointPath"]!;
        var configuredVersion = await PolicyVersionAnsweringAsync(daemon, "configured");
        var other = await OtherCheckpointAsync(daemon.Directory);
        await StartOnceWithAsync(daemon, other.Path, configured);
        await ActivateAsync(daemon, other.Version);
        await daemon.StopAsync();

        await File.WriteAllTextAsync(other.Path, "not a checkpoint");
        await daemon.RestartAsync();

        Assert.Equal(configuredVersion, await PolicyVersionAnsweringAsync(daemon, "after-corruption"));
        var contexts = daemon.Services.GetRequiredService<IDbContextFactory<TmoEdgeDbContext>>();
        var warning = await Eventually.ReturnsAsync(
            async () =>
            {
                await using var db = await contexts.CreateDbContextAsync();
                return await db.LogEvents.FirstOrDefaultAsync(e => e.Level == "Warning" && e.Message.Contains("cannot be used"));
            },
            TimeSpan.FromSeconds(10));
        Assert.Contains(other.Path, warning.Message, StringComparison.Ordinal);
        Assert.Contains(configured, warning.Message, StringComparison.Ordinal);
    }

    internal static Dictionary<string, string?> ConsoleAllowed => new() { ["Tmo:Mqtt:ConsoleUsername"] = Brokers.ConsoleUser };

    /// <summary>The version store lists only checkpoints the daemon has run: run the other one once, then the configured one again.</summary>
    private static async Task StartOnceWithAsync(DaemonHost daemon, string checkpoint, string configured)
    {
        daemon.Settings["Tmo:Policy:CheckpointPath"] = checkpoint;
        await daemon.RestartAsync();
        daemon.Settings["Tmo:Policy:CheckpointPath"] = configured;
        await daemon.RestartAsync();
    }

    private static async Task ActivateAsync(DaemonHost daemon, string version)
    {
        // Online means subscribed: a command sent earlier would find no subscriber.
        await using var device = await Devices.ConnectAsync(daemon.BrokerPort, daemon.DeviceId);
        await using var console = await Devices.ConnectBareAsync(daemon.BrokerPort, $"console-{Guid.NewGuid():N}", username: Brokers.ConsoleUser);
        await console.SubscribeAsync("tmo/test1/policy/progress");
        Assert.Equal(MqttClientPublishReasonCode.Success, await console.PublishToAsync("tmo/test1/cmd/policy", $$"""{"action":"activate","version":"{{version}}"}"""));
        await console.WaitForAsync(
            m => m.Payload.Contains("\"activated\"", StringComparison.Ordinal) && m.Payload.Contains(version, StringComparison.Ordinal),
            "the activation");
        Assert.Equal(version, await PolicyVersionAnsweringAsync(daemon, $"activated-{Guid.NewGuid():N}"));
    }

    internal static async Task<string> PolicyVersionAnsweringAsync(DaemonHost daemon, string dialogueId)
    {
        await using var device = await Devices.ConnectAsync(daemon.BrokerPort, daemon.DeviceId);
        await device.PromptAsync(dialogueId, "Where did I put my dishes?", "Query");
        return (await device.ResponseAsync(dialogueId, 1)).Decision.PolicyVersion;
    }

    /// <summary>A second small checkpoint (another seed, so another version), in the test's data directory.</summary>
    internal static async Task<(string Path, string Version)> OtherCheckpointAsync(string directory)
    {
        var dataset = await M4A1Loader.LoadAsync(CliRun.DataPath);
        var scenario = OffloadingScenario.For(dataset, DeviceProfile.Default, CloudProfile.Default);
        var workspace = new SplitWorkspace(scenario, DatasetSplit.BySeed(dataset, 2), 2);
        var checkpoint = PolicyTraining.Train(dataset, workspace, MethodSpec.Named("RC-A2C"), new TrainingSetup(Steps: 2_000), EvaluationBudgets.Default, TimeProvider.System);
        var path = Path.Combine(directory, "other-policy.json");
        await CheckpointCodec.SaveAsync(checkpoint, path);
        return (path, checkpoint.PolicyVersion);
    }
}
