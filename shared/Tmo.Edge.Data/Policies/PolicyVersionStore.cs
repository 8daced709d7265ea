using Microsoft.EntityFrameworkCore;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Data.Policies;

/// <summary>Which policy checkpoints the daemon has run, so a turn's PolicyVersion leads back to its file.</summary>
public sealed class PolicyVersionStore(IDbContextFactory<TmoEdgeDbContext> contexts, TimeProvider time)
{
    /// <summary>
    /// "{checkpoint}.evaluation.json" beside a checkpoint: its method against the baselines, in the `policy eval --json`
    /// format (written by `make run` and by a retraining run, shown by the console).
    /// </summary>
    public const string EvaluationFileSuffix = ".evaluation.json";

    public async Task<PolicyVersionRecord?> FindAsync(string version, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.PolicyVersions.AsNoTracking().SingleOrDefaultAsync(p => p.Version == version, cancellationToken);
    }

    /// <summary>Records the version as loaded now; loading it again refreshes its row.</summary>
    public async Task RecordLoadedAsync(LoadedPolicy policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentException.ThrowIfNullOrEmpty(policy.Version);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(policy.Version.Length, PolicyVersionRecord.VersionMaxLength, nameof(policy));

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var record = await db.PolicyVersions.SingleOrDefaultAsync(p => p.Version == policy.Version, cancellationToken);
        if (record is null)
        {
            record = new PolicyVersionRecord
            {
                Version = policy.Version,
                Algorithm = policy.Algorithm,
                CheckpointPath = policy.CheckpointPath,
                CheckpointSha256 = policy.CheckpointSha256,
                Summary = policy.Summary,
            };
            db.PolicyVersions.Add(record);
        }

        record.Algorithm = policy.Algorithm;
        record.CheckpointPath = policy.CheckpointPath;
        record.CheckpointSha256 = policy.CheckpointSha256;
        record.Summary = policy.Summary;
        record.LoadedAt = time.GetUtcNow();

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
