using Microsoft.EntityFrameworkCore;
using Tmo.Edge.Data;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Console.History;

/// <summary>Policy versions the daemon has loaded; the most recently loaded one is the active checkpoint.</summary>
public sealed class PolicyHistory(IDbContextFactory<TmoEdgeDbContext> contexts)
{
    /// <summary>Newest load first.</summary>
    public async Task<IReadOnlyList<PolicyVersionRecord>> VersionsAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.PolicyVersions.AsNoTracking().OrderByDescending(p => p.LoadedAt).ToListAsync(cancellationToken);
    }
}
