using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Core.Messaging;
using Tmo.Edge.Daemon.Cli;
using Tmo.Edge.Daemon.Decisions;
using Tmo.Edge.Daemon.Hosting;
using Tmo.Edge.Data.Policies;
using Tmo.Edge.Policy.Checkpoints;
using Tmo.Edge.Policy.Dataset;
using Tmo.Edge.Policy.Environment;
using Tmo.Edge.Policy.Evaluation;
using Tmo.Edge.Policy.Learning;
using Tmo.Edge.Policy.Training;

namespace Tmo.Edge.Daemon.Policies;

/// <summary>
/// `cmd/policy` from the console. "activate" loads a checkpoint the daemon has run before (by version, from the
/// version store) and swaps it in: lanes use it from their next turn. "retrain" trains the active policy's method again
/// in the background on the loaded dataset (next seed, so a fresh run and split), writes the checkpoint with its
/// evaluation against the baselines to the writable <see cref="RetrainedCheckpoints"/> folder, and activates it; the
/// previous version stays in the list to roll back to. Progress and outcome go out on
/// `policy/progress`. One retraining at a time. An activated checkpoint stays in force across restarts (<see cref="ActivePolicyCheckpoint"/>).
/// </summary>
public sealed partial class PolicyCommandHandler(
    DaemonAssets assets,
    PolicyVersionStore versions,
    ActivePolicyCheckpoint activeCheckpoint,
    RetrainedCheckpoints retrained,
    DeferredMessagePublisher publisher,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<PolicyCommandHandler> logger)
{
    /// <summary>Training reports progress far more often than anyone needs to see it.</summary>
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);

    private int _retraining;

    /// <summary>The running retraining, if any (tests await it).</summary>
    internal Task Retraining { get; private set; } = Task.CompletedTask;

    public Task AcceptAsync(PolicyCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Action == PolicyCommand.Activate)
        {
            return ActivateVersionAsync(command.Version!, cancellationToken);
        }

        if (Interlocked.Exchange(ref _retraining, 1) == 1)
        {
            return PublishAsync(new PolicyProgressMessage("busy", 0, "a retraining is already running"), cancellationToken);
        }

        Retraining = Task.Run(() => RetrainAsync(lifetime.ApplicationStopping), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task ActivateVersionAsync(string version, CancellationToken cancellationToken)
    {
        var record = await versions.FindAsync(version, cancellationToken);
        if (record is null)
        {
            await PublishAsync(new PolicyProgressMessage("failed", 0, $"unknown policy version '{version}'", version), cancellationToken);
            return;
        }

        try
        {
            await ActivateAsync(record.CheckpointPath, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or CheckpointException or UnauthorizedAccessException or InvalidOperationException)
        {
            LogActivationFailed(logger, version, ex.Message);
            await PublishAsync(new PolicyProgressMessage("failed", 0, ex.Message, version), cancellationToken);
        }
    }

    private async Task ActivateAsync(string checkpointPath, CancellationToken cancellationToken)
    {
        var policy = await PolicyRuntime.LoadAsync(checkpointPath, assets.Dataset.Tasks, cancellationToken);
        assets.ReplacePolicy(policy);
        await versions.RecordLoadedAsync(policy.Describe(checkpointPath), cancellationToken);
        await activeCheckpoint.RememberAsync(checkpointPath, cancellationToken);
        LogActivated(logger, policy.Version, checkpointPath);
        await PublishAsync(new PolicyProgressMessage("activated", 1, $"{policy.Version} is in force", policy.Version), cancellationToken);
    }

    private async Task RetrainAsync(CancellationToken stopping)
    {
        try
        {
            var active = assets.Policy;
            var checkpoint = active.Checkpoint;
            var dataset = assets.Dataset;
            // A policy that auto selection picked is retrained by auto selection, which may pick another candidate.
            var method = checkpoint.Selection is null
                ? MethodSpec.ForAlgorithm(Enum.Parse<Algorithm>(checkpoint.Algorithm), checkpoint.ResourceConstrained)
                : MethodSpec.Shipped;
            var seed = checkpoint.Seed + 1;
            var scenario = OffloadingScenario.For(dataset, checkpoint.Device, checkpoint.Cloud, checkpoint.RewardWeights, checkpoint.HistoryWindow);
            var workspace = new SplitWorkspace(scenario, DatasetSplit.BySeed(dataset, seed), seed);
            var setup = new TrainingSetup(TrainingSetup.DefaultSteps, checkpoint.History, checkpoint.BudgetDistribution);
            LogRetraining(logger, method.Name, seed, setup.Steps);
            await PublishAsync(new PolicyProgressMessage("training", 0, $"{method.Name}, seed {seed}, {setup.Steps} steps"), stopping);

            var progress = new ThrottledProgress(this, time, stopping);
            var trained = await Task.Run(() => PolicyTraining.Train(dataset, workspace, method, setup, checkpoint.Budgets, time, progress, stopping), stopping);
            var path = retrained.PathFor(trained.PolicyVersion);
            await CheckpointCodec.SaveAsync(trained, path, stopping);

            // The seeded run is reproducible, so evaluating the method with the same seed and setup evaluates this checkpoint.
            await PublishQuietlyAsync(new PolicyProgressMessage("evaluating", 1, "against the baselines on the test split"));
            var comparison = new ComparisonOptions
            {
                Seeds = [seed],
                Methods = [.. MethodSpec.All.Where(m => m.Algorithm is null && m.Family != MethodFamily.Auto), method],
                Training = setup,
                Budgets = checkpoint.Budgets,
            };
            var report = await ComparisonRunner.RunAsync(dataset, scenario, comparison, progress: null, stopping);
            await File.WriteAllTextAsync(path + PolicyVersionStore.EvaluationFileSuffix, ComparisonJson.Serialize(report), stopping);
            await ActivateAsync(path, stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            LogRetrainingFailed(logger, ex);
            await PublishQuietlyAsync(new PolicyProgressMessage("failed", 0, ex.Message));
        }
        finally
        {
            Volatile.Write(ref _retraining, 0);
        }
    }

    private async Task PublishAsync(PolicyProgressMessage message, CancellationToken cancellationToken) =>
        await publisher.PublishAsync(
            TopicLayout.PolicyProgress, JsonSerializer.SerializeToUtf8Bytes(message, ContractJsonContext.Default.PolicyProgressMessage), retain: true, cancellationToken);

    /// <summary>Progress is a courtesy: a broker that is away must not fail the training.</summary>
    private async Task PublishQuietlyAsync(PolicyProgressMessage message)
    {
        try
        {
            await PublishAsync(message, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogProgressNotPublished(logger, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Policy {Version} activated from {Path}")]
    private static partial void LogActivated(ILogger logger, string version, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Policy {Version} could not be activated: {Reason}")]
    private static partial void LogActivationFailed(ILogger logger, string version, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retraining {Method} (seed {Seed}, {Steps} steps) in the background")]
    private static partial void LogRetraining(ILogger logger, string method, int seed, int steps);

    [LoggerMessage(Level = LogLevel.Error, Message = "Retraining failed; the active policy stays in force")]
    private static partial void LogRetrainingFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Policy progress not published: {Reason}")]
    private static partial void LogProgressNotPublished(ILogger logger, string reason);

    private sealed class ThrottledProgress(PolicyCommandHandler handler, TimeProvider time, CancellationToken stopping) : IProgress<TrainingProgress>
    {
        private long _last;

        public void Report(TrainingProgress value)
        {
            var now = time.GetTimestamp();
            if (_last != 0 && time.GetElapsedTime(_last, now) < ProgressInterval)
            {
                return;
            }

            _last = now;
            if (!stopping.IsCancellationRequested)
            {
                _ = handler.PublishQuietlyAsync(new PolicyProgressMessage(
                    "training", (double)value.Step / Math.Max(1, value.TotalSteps), $"step {value.Step} of {value.TotalSteps}, mean episode reward {value.MeanEpisodeReward:F3}"));
            }
        }
    }
}
