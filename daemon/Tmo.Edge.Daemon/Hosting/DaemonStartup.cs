using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tmo.Edge.Core.Options;
using Tmo.Edge.Daemon.Decisions;
using Tmo.Edge.Daemon.Dialogues;
using Tmo.Edge.Data.Journal;
using Tmo.Edge.Data.Policies;
using Tmo.Edge.Data.Spending;

namespace Tmo.Edge.Daemon.Hosting;

/// <summary>
/// Prepares the daemon's mutable state from the <see cref="DaemonRuntime"/> and the database, in the host's Starting
/// phase, so that it is in place before any hosted service starts, whatever their order: teaches the shield how long
/// dialogues are, restores the cloud spend of every booked day and the stored budgets, and records the policy loaded.
/// </summary>
public sealed partial class DaemonStartup(
    DaemonRuntime runtime,
    DailySpendLedger ledger,
    PolicyVersionStore policyVersions,
    BudgetSettings budgets,
    CloudSpendGuard spendGuard,
    LaterTurnPlanner planner,
    TurnJournal journal,
    IOptions<DaemonIdentityOptions> identity,
    IOptions<BudgetOptions> budgetOptions,
    ILogger<DaemonStartup> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var policy = runtime.StartPolicy;
        await LearnDialogueLengthsAsync(policy, cancellationToken);
        spendGuard.Configure(budgetOptions.Value.DailyCloudCapUsd, await ledger.DaysAsync(cancellationToken));
        await budgets.ReloadAsync(cancellationToken);
        await policyVersions.RecordLoadedAsync(policy.Describe(runtime.StartCheckpointPath), cancellationToken);
        LogStarted(logger, policy.Version, identity.Value.Topics.Prefix, runtime.Dataset.Episodes.Count, budgets.Dialogue.LatencyS, budgets.Dialogue.UsageUsd, spendGuard.CapUsd);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The shield's dialogue lengths: the checkpoint's training dialogues (or the dataset's), then this device's closed ones.</summary>
    private async Task LearnDialogueLengthsAsync(PolicyRuntime policy, CancellationToken cancellationToken)
    {
        var lengths = planner.Lengths;
        if (policy.Checkpoint.DialogueLengths is { } histogram)
        {
            lengths.AddHistogram(histogram);
        }
        else
        {
            foreach (var episode in runtime.Dataset.Episodes)
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
