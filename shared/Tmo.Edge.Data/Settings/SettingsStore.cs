using Microsoft.EntityFrameworkCore;
using Tmo.Edge.Data.Auditing;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Data.Settings;

/// <summary>Settings changed from the admin console; every change is audited in the same transaction.</summary>
public sealed class SettingsStore(IDbContextFactory<TmoEdgeDbContext> contexts, TimeProvider time)
{
    public const string ChangedAction = "setting.changed";

    public async Task<string?> GetAsync(string key, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Settings.AsNoTracking()
            .Where(s => s.Key == key)
            .Select(s => s.Value)
            .SingleOrDefaultAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<SettingRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Settings.AsNoTracking().OrderBy(s => s.Key).ToListAsync(cancellationToken);
    }

    /// <summary>Stores the value and audits the change; returns false, writing nothing, when it is already set so.</summary>
    public async Task<bool> SetAsync(string key, string value, string updatedBy, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(key.Length, SettingRecord.KeyMaxLength, nameof(key));
        ArgumentNullException.ThrowIfNull(value);
        ArgumentException.ThrowIfNullOrEmpty(updatedBy);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var now = time.GetUtcNow();
        var setting = await db.Settings.SingleOrDefaultAsync(s => s.Key == key, cancellationToken);
        if (setting?.Value == value)
        {
            return false;
        }

        var previous = setting?.Value;
        if (setting is null)
        {
            setting = new SettingRecord { Key = key, Value = value, UpdatedBy = updatedBy };
            db.Settings.Add(setting);
        }

        setting.Value = value;
        setting.UpdatedAt = now;
        setting.UpdatedBy = updatedBy;
        db.AuditLog.Add(AuditLog.Entry(now, updatedBy, ChangedAction, $"{key}: {previous ?? "(unset)"} -> {value}"));

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
