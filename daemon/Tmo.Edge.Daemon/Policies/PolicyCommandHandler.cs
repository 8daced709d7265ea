using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Core.Options;
using Tmo.Edge.Daemon.Cli;
using Tmo.Edge.Daemon.Decisions;
using Tmo.Edge.Daemon.Hosting;
using Tmo.Edge.Data.Policies;
using Tmo.Edge.Data.Settings;
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
/// evaluation against the baselines to the writable <see cref="RetrainedCheckpoints"/> folder, then scores it against
/// the active policy on the same evaluation (<see cref="CandidateComparison"/>): a candidate at least as good on every
/// measure is activated; a worse one is held back as the candidate, and only an "activate" of it with `confirmed` (the
/// administrator saw the comparison) puts it in force; "discard" sets it aside. The previous version stays in the list
/// to roll back to. Progress and outcome go out on `policy/progress`. One retraining at a time. An activated checkpoint
/// stays in force across restarts (<see cref="ActivePolicyCheckpoint"/>).
/// </summary>
public sealed partial class PolicyCommandHandler(
    DaemonRuntime runtime,
    PolicyInForce policyInForce,
    PolicyVersionStore versions,
    PolicyActivation activation,
    PolicyProgressTopic progressTopic,
    TrainingSlot trainingSlot,
    RetrainedCheckpoints retrained,
    SettingsStore settings,
    IOptions<BudgetOptions> budgetOptions,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<PolicyCommandHandler> logger)
{
    /// <summary>Beside a held-back candidate: its comparison with the policy that was active, republished when asked to activate it unconfirmed.</summary>
    public const string ComparisonFileSuffix = ".comparison.json";

    /// <summary>Training reports progress far more often than anyone needs to see it.</summary>
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);

    /// <summary>The running retraining, if any (tests await it).</summary>
    internal Task Retraining { get; private set; } = Task.CompletedTask;

    public Task AcceptAsync(PolicyCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Action == PolicyCommand.Activate)
        {
            return ActivateVersionAsync(command, cancellationToken);
        }

        if (command.Action == PolicyCommand.Discard)
        {
            return DiscardCandidateAsync(cancellationToken);
        }

        if (!trainingSlot.TryTake())
        {
            return PublishAsync(Progress(PolicyProgressMessage.Busy, 0, "a retraining or a learning round is already running"), cancellationToken);
        }

        Retraining = Task.Run(() => RetrainAsync(lifetime.ApplicationStopping), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task ActivateVersionAsync(PolicyCommand command, CancellationToken cancellationToken)
    {
        var version = command.Version!;
        try
        {
            if (await CandidateAsync(cancellationToken) is { } candidate && candidate.Policy.Version == version)
            {
                await ActivateCandidateAsync(candidate.Path, command.Confirmed, cancellationToken);
                return;
            }

            var record = await versions.FindAsync(version, cancellationToken);
            if (record is null)
            {
                await PublishAsync(Progress(PolicyProgressMessage.Failed, 0, $"unknown policy version '{version}'", version), cancellationToken);
                return;
            }

            await activation.ActivateAsync(record.CheckpointPath, comparison: null, why: null, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or CheckpointException or UnauthorizedAccessException or InvalidOperationException)
        {
            LogActivationFailed(logger, version, ex.Message);
            await PublishAsync(Progress(PolicyProgressMessage.Failed, 0, ex.Message, version), cancellationToken);
        }
    }

    /// <summary>A held-back candidate scored worse: without the administrator's confirmation it stays held back, and the comparison is shown again.</summary>
    private async Task ActivateCandidateAsync(string path, bool confirmed, CancellationToken cancellationToken)
    {
        var comparison = await ReadComparisonAsync(path, cancellationToken);
        if (!confirmed)
        {
            var worse = comparison is null ? "it scored worse than the active policy" : $"it is worse on {string.Join(", ", comparison.WorseOn)}";
            LogCandidateNotConfirmed(logger, path);
            await PublishAsync(
                Progress(PolicyProgressMessage.Candidate, 1, $"not activated: {worse}; confirm to activate it anyway", comparison?.Candidate.Version, comparison),
                cancellationToken);
            return;
        }

        await activation.ActivateAsync(path, comparison, why: null, cancellationToken);
        await settings.SetAsync(SettingKeys.CandidatePolicyCheckpoint, string.Empty, ActivePolicyCheckpoint.ChangedBy, cancellationToken);
    }

    private async Task DiscardCandidateAsync(CancellationToken cancellationToken)
    {
        if (await CandidateAsync(cancellationToken) is not { } candidate)
        {
            await PublishAsync(Progress(PolicyProgressMessage.Failed, 0, "no retrained candidate is waiting"), cancellationToken);
            return;
        }

        await settings.SetAsync(SettingKeys.CandidatePolicyCheckpoint, string.Empty, ActivePolicyCheckpoint.ChangedBy, cancellationToken);
        await PublishAsync(
            Progress(PolicyProgressMessage.Discarded, 1, $"{policyInForce.Current.Version} stays in force; {candidate.Policy.Version} was set aside", candidate.Policy.Version),
            cancellationToken);
    }

    /// <summary>The held-back candidate, or null when none waits (or its file is gone).</summary>
    private async Task<(string Path, PolicyRuntime Policy)?> CandidateAsync(CancellationToken cancellationToken)
    {
        if (await settings.GetAsync(SettingKeys.CandidatePolicyCheckpoint, cancellationToken) is not { Length: > 0 } path || !File.Exists(path))
        {
            return null;
        }

        return (path, await PolicyRuntime.LoadAsync(path, runtime.Dataset.Tasks, cancellationToken));
    }

    private async Task RetrainAsync(CancellationToken stopping)
    {
        try
        {
            var active = policyInForce.Current;
            var checkpoint = active.Checkpoint;
            var dataset = runtime.Dataset;
            // A policy that auto selection picked is retrained by auto selection, which may pick another candidate.
            var method = checkpoint.Selection is null
                ? MethodSpec.ForAlgorithm(Enum.Parse<Algorithm>(checkpoint.Algorithm), checkpoint.ResourceConstrained)
                : MethodSpec.Shipped;
            var seed = checkpoint.Seed + 1;
            var scenario = OffloadingScenario.For(dataset, checkpoint.Device, checkpoint.Cloud, checkpoint.RewardWeights, checkpoint.HistoryWindow);
            var workspace = new SplitWorkspace(scenario, DatasetSplit.BySeed(dataset, seed), seed);
            var setup = new TrainingSetup(TrainingSetup.DefaultSteps, checkpoint.History, checkpoint.BudgetDistribution);
            LogRetraining(logger, method.Name, seed, setup.Steps);
            await PublishAsync(Progress(PolicyProgressMessage.Training, 0, $"{method.Name}, seed {seed}, {setup.Steps} steps"), stopping);

            var progress = new ThrottledProgress(this, time, stopping);
            var trained = await Task.Run(() => PolicyTraining.Train(dataset, workspace, method, setup, checkpoint.Budgets, time, progress, stopping), stopping);
            var path = retrained.PathFor(trained.PolicyVersion);
            await CheckpointCodec.SaveAsync(trained, path, stopping);

            // The seeded run is reproducible, so evaluating the method with the same seed and setup evaluates this checkpoint.
            await PublishQuietlyAsync(Progress(PolicyProgressMessage.Evaluating, 1, "against the baselines and the active policy on the test split"));
            var comparison = new ComparisonOptions
            {
                Seeds = [seed],
                Methods = [.. MethodSpec.All.Where(m => m.Algorithm is null && m.Family != MethodFamily.Auto), method],
                Training = setup,
                Budgets = checkpoint.Budgets,
            };
            var report = await ComparisonRunner.RunAsync(dataset, scenario, comparison, progress: null, stopping);
            await File.WriteAllTextAsync(path + PolicyVersionStore.EvaluationFileSuffix, ComparisonJson.Serialize(report), stopping);

            var candidate = await PolicyRuntime.LoadAsync(path, dataset.Tasks, stopping);
            var versus = await Task.Run(
                () => CandidateComparison.Run(workspace, active, candidate, checkpoint.Budgets, budgetOptions.Value.MaxDialogueTurns, stopping), stopping);
            if (versus.WorseOn.Count == 0)
            {
                await activation.ActivateAsync(path, versus, why: null, stopping);
                return;
            }

            await File.WriteAllBytesAsync(path + ComparisonFileSuffix, JsonSerializer.SerializeToUtf8Bytes(versus, ContractJsonContext.Default.PolicyComparison), stopping);
            await settings.SetAsync(SettingKeys.CandidatePolicyCheckpoint, path, ActivePolicyCheckpoint.ChangedBy, stopping);
            LogCandidateHeldBack(logger, candidate.Version, string.Join(", ", versus.WorseOn), active.Version);
            await PublishAsync(
                Progress(PolicyProgressMessage.Candidate, 1, $"{active.Version} stays in force: the candidate is worse on {string.Join(", ", versus.WorseOn)}", candidate.Version, versus),
                stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            LogRetrainingFailed(logger, ex);
            await PublishQuietlyAsync(Progress(PolicyProgressMessage.Failed, 0, ex.Message));
        }
        finally
        {
            trainingSlot.Release();
        }
    }

    private static async Task<PolicyComparison?> ReadComparisonAsync(string candidatePath, CancellationToken cancellationToken)
    {
        try
        {
            await using var file = File.OpenRead(candidatePath + ComparisonFileSuffix);
            return await JsonSerializer.DeserializeAsync(file, ContractJsonContext.Default.PolicyComparison, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private PolicyProgressMessage Progress(string state, double fraction, string? message = null, string? version = null, PolicyComparison? comparison = null) =>
        progressTopic.Message(state, fraction, message, version, comparison);

    private Task PublishAsync(PolicyProgressMessage message, CancellationToken cancellationToken) => progressTopic.PublishAsync(message, cancellationToken);

    private Task PublishQuietlyAsync(PolicyProgressMessage message) => progressTopic.PublishQuietlyAsync(message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Policy {Version} could not be activated: {Reason}")]
    private static partial void LogActivationFailed(ILogger logger, string version, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retraining {Method} (seed {Seed}, {Steps} steps) in the background")]
    private static partial void LogRetraining(ILogger logger, string method, int seed, int steps);

    [LoggerMessage(Level = LogLevel.Error, Message = "Retraining failed; the active policy stays in force")]
    private static partial void LogRetrainingFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retrained policy {Candidate} held back: worse on {WorseOn} than {Active}, which stays in force")]
    private static partial void LogCandidateHeldBack(ILogger logger, string candidate, string worseOn, string active);

    [LoggerMessage(Level = LogLevel.Information, Message = "The held-back candidate {Path} was not activated: the activation was not confirmed")]
    private static partial void LogCandidateNotConfirmed(ILogger logger, string path);

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
                _ = handler.PublishQuietlyAsync(handler.Progress(
                    PolicyProgressMessage.Training, (double)value.Step / Math.Max(1, value.TotalSteps), $"step {value.Step} of {value.TotalSteps}, mean episode reward {value.MeanEpisodeReward:F3}"));
            }
        }
    }
}
