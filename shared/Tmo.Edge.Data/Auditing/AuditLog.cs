using Microsoft.EntityFrameworkCore;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Data.Auditing;

/// <summary>Appends to the audit trail: who did what, when.</summary>
public sealed class AuditLog(IDbContextFactory<TmoEdgeDbContext> contexts, TimeProvider time)
{
    public async Task WriteAsync(string actor, string action, string detail, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.AuditLog.Add(Entry(time.GetUtcNow(), actor, action, detail));
        await db.SaveChangesAsync(cancellationToken);
    }

    internal static AuditRecord Entry(DateTimeOffset at, string actor, string action, string detail)
    {
        ArgumentException.ThrowIfNullOrEmpty(actor);
        ArgumentException.ThrowIfNullOrEmpty(action);
        ArgumentNullException.ThrowIfNull(detail);
        return new AuditRecord { At = at, Actor = actor, Action = action, Detail = detail };
    }
}
