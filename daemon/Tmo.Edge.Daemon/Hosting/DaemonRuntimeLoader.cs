using Microsoft.Extensions.Options;
using Tmo.Edge.Core.Dialogues;
using Tmo.Edge.Daemon.Policies;
using Tmo.Edge.Daemon.Runners;
using Tmo.Edge.Data.Migrating;
using Tmo.Edge.Policy.Dataset;

namespace Tmo.Edge.Daemon.Hosting;

/// <summary>
/// Loads the <see cref="DaemonRuntime"/>: migrates the database (the active checkpoint is a setting in it), loads the
/// dataset and the checkpoint (one that does not fit is a clear start-up error) and trains the task classifier.
/// </summary>
public sealed class DaemonRuntimeLoader(
    DatabaseMigrator migrator,
    ActivePolicyCheckpoint activePolicy,
    IOptions<ReplayOptions> replayOptions,
    IOptions<PolicyOptions> policyOptions)
{
    public async Task<DaemonRuntime> LoadAsync(StartupPhases phases, CancellationToken cancellationToken)
    {
        await migrator.MigrateAsync(cancellationToken);
        phases.Completed("database migration");
        var dataset = await M4A1Loader.LoadAsync(replayOptions.Value.DatasetPath, cancellationToken);
        phases.Completed("dataset");
        var (policy, checkpointPath) = await activePolicy.LoadAsync(policyOptions.Value.CheckpointPath, dataset.Tasks, cancellationToken);
        phases.Completed("checkpoint");
        var classifier = TaskClassifier.Train(dataset.Episodes, dataset.Tasks);
        phases.Completed("task classifier");
        return new DaemonRuntime(dataset, classifier, policy, checkpointPath);
    }
}
