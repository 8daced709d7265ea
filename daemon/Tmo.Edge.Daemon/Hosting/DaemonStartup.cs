using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tmo.Edge.Core.Dialogues;
using Tmo.Edge.Core.Options;
using Tmo.Edge.Daemon.Decisions;
using Tmo.Edge.Daemon.Dialogues;
using Tmo.Edge.Daemon.Ingress;
using Tmo.Edge.Daemon.LiveCosts;
using Tmo.Edge.Daemon.Policies;
using Tmo.Edge.Daemon.Runners;
using Tmo.Edge.Daemon.Voice;
using Tmo.Edge.Data.Migrating;
using Tmo.Edge.Data.Policies;
using Tmo.Edge.Data.Spending;
using Tmo.Edge.Policy.Dataset;

using Tmo.Edge.Data.Journal;

namespace Tmo.Edge.Daemon.Hosting;

/// <summary>
/// Runs first: migrates the database, loads the dataset and the checkpoint (a checkpoint that does not fit is a clear
/// start-up error), trains the task classifier, teaches the shield how long dialogues are, and restores the cloud spend of every booked day and the stored budgets. Every hosted
/// service registered after it (MQTT, the decision loop) starts with all of that in place.
/// </summary>
public sealed partial class DaemonStartup(
    DaemonAssets assets,
    DatabaseMigrator migrator,
    DailySpendLedger ledger,
    PolicyVersionStore policyVersions,
    ActivePolicyCheckpoint activePolicy,
    BudgetSettings budgets,
    CloudSpendGuard spendGuard,
    LaterTurnPlanner planner,
    TurnJournal journal,
    LlmRunnerFactory runners,
    SpeechTranscriber transcriber,
    LiveCostRunners liveCosts,
    IOptions<DaemonIdentityOptions> identity,
    IOptions<PolicyOptions> policyOptions,
    IOptions<ReplayOptions> replayOptions,
    IOptions<BudgetOptions> budgetOptions,
    IOptions<LimitOptions> limits,
    ILogger<DaemonStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await migrator.MigrateAsync(cancellationToken);
        var dataset = await M4A1Loader.LoadAsync(replayOptions.Value.DatasetPath, cancellationToken);
        var (policy, checkpointPath) = await activePolicy.LoadAsync(policyOptions.Value.CheckpointPath, dataset.Tasks, cancellationToken);
        var classifier = TaskClassifier.Train(dataset.Episodes, dataset.Tasks);
        var parser = new InboundParser(identity.Value.Topics, limits.Value, policy.Scenario.ModalityCount, transcriber.Available);
        var book = new ReplayBook(dataset, policy.Costs);
        // A replayed turn quotes its exact recorded cost: a live estimate would only blur it.
        var (local, cloud) = runners.Create(
            book, policy.Costs, replayOptions.Value.SpeedFactor, backend => liveCosts.Local(backend, exactQuotes: backend is ReplayRunner));
        assets.Set(dataset, policy, classifier, parser, local, liveCosts.Cloud(cloud, exactQuotes: cloud is ReplayRunner));

        await LearnDialogueLengthsAsync(policy, dataset, cancellationToken);
        spendGuard.Configure(budgetOptions.Value.DailyCloudCapUsd, await ledger.DaysAsync(cancellationToken));
        await budgets.ReloadAsync(cancellationToken);
        await policyVersions.RecordLoadedAsync(policy.Describe(checkpointPath), cancellationToken);
        LogStarted(logger, policy.Version, identity.Value.Topics.Prefix, dataset.Episodes.Count, budgets.Dialogue.LatencyS, budgets.Dialogue.UsageUsd, spendGuard.CapUsd);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The shield's dialogue lengths: the checkpoint's training dialogues (or the dataset's), then this device's closed ones.</summary>
    private async Task LearnDialogueLengthsAsync(PolicyRuntime policy, DialogueDataset dataset, CancellationToken cancellationToken)
    {
        var lengths = planner.Lengths;
        if (policy.Checkpoint.DialogueLengths is { } histogram)
        {
            lengths.AddHistogram(histogram);
        }
        else
        {
            foreach (var episode in dataset.Episodes)
            {
                lengths.Add(episode.Turns.Count);
            }
        }

        foreach (var (turns, dialogues) in await journal.ClosedDialogueLengthsAsync(cancellationToken))
        {
            lengths.Add(turns, dialogues);
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Policy {Version} loaded; topics under {Prefix}/; replaying {Episodes} M4A1 dialogues; budgets {LatencyS} s / {UsageUsd} USD per dialogue, {CapUsd} USD cloud per day")]
    private static partial void LogStarted(ILogger logger, string version, string prefix, int episodes, double latencyS, double usageUsd, double capUsd);
}
