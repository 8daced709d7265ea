using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Tmo.Edge.Data.Auditing;
using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Data.Users;

/// <summary>
/// The admin console's accounts. Stores hashes only (the console hashes); counts login attempts and locks an account
/// after too many wrong passwords, each count in one transaction so that concurrent logins cannot slip under the limit.
/// </summary>
public sealed class ConsoleUserStore(IDbContextFactory<TmoEdgeDbContext> contexts, TimeProvider time)
{
    public const string PasswordSetAction = "console.password-set";
    public const string LockedOutAction = "console.locked-out";

    public async Task<ConsoleUserRecord?> FindAsync(string name, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ConsoleUsers.AsNoTracking().SingleOrDefaultAsync(u => u.Name == name, cancellationToken);
    }

    /// <summary>Creates the account unless it exists; false when it already did (its password is left alone).</summary>
    public async Task<bool> CreateIfAbsentAsync(string name, string passwordHash, string actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await db.ConsoleUsers.AnyAsync(u => u.Name == name, cancellationToken))
        {
            return false;
        }

        var now = time.GetUtcNow();
        db.ConsoleUsers.Add(new ConsoleUserRecord { Name = name, PasswordHash = passwordHash, SecurityStamp = NewSecurityStamp(), PasswordChangedAt = now });
        db.AuditLog.Add(AuditLog.Entry(now, actor, PasswordSetAction, $"{name}: account created"));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Sets (or creates the account with) a new password hash, ends its sessions (a new security stamp) and lifts any lockout.</summary>
    public async Task SetPasswordHashAsync(string name, string passwordHash, string actor, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(name.Length, ConsoleUserRecord.NameMaxLength, nameof(name));
        ArgumentException.ThrowIfNullOrEmpty(passwordHash);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow();
        var user = await db.ConsoleUsers.SingleOrDefaultAsync(u => u.Name == name, cancellationToken);
        if (user is null)
        {
            user = new ConsoleUserRecord { Name = name, PasswordHash = passwordHash, SecurityStamp = "" };
            db.ConsoleUsers.Add(user);
        }

        user.PasswordHash = passwordHash;
        user.SecurityStamp = NewSecurityStamp();
        user.PasswordChangedAt = now;
        user.FailedLogins = 0;
        user.LockedUntil = null;
        db.AuditLog.Add(AuditLog.Entry(now, actor, PasswordSetAction, $"{name}: password set"));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Counts an attempt as a failure before its password is checked, so that no more than
    /// <paramref name="maxFailures"/> attempts reach the (slow) check however many arrive at once: the
    /// <paramref name="maxFailures"/>-th locks the account for <paramref name="lockout"/> and starts the count again,
    /// and <see cref="RecordSuccessAsync"/> forgives them all. Read and write are one transaction, which
    /// Microsoft.Data.Sqlite begins IMMEDIATE (the write lock first), so parallel attempts each see the ones before.
    /// </summary>
    public async Task<LoginAttempt> ReserveLoginAttemptAsync(string name, int maxFailures, TimeSpan lockout, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var user = await db.ConsoleUsers.SingleOrDefaultAsync(u => u.Name == name, cancellationToken);
        if (user is null)
        {
            return new LoginAttempt.UnknownUser();
        }

        var now = time.GetUtcNow();
        if (user.LockedUntil is { } lockedUntil && lockedUntil > now)
        {
            return new LoginAttempt.Refused(lockedUntil);
        }

        user.FailedLogins++;
        DateTimeOffset? locksUntil = null;
        if (user.FailedLogins >= maxFailures)
        {
            user.FailedLogins = 0;
            user.LockedUntil = locksUntil = now + lockout;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new LoginAttempt.Granted(user, locksUntil);
    }

    /// <summary>Audits the lock that the last allowed attempt set, once its password turned out wrong.</summary>
    public async Task RecordLockoutAsync(string name, int maxFailures, DateTimeOffset lockedUntil, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.AuditLog.Add(AuditLog.Entry(time.GetUtcNow(), "console", LockedOutAction, $"{name}: {maxFailures} wrong passwords, locked until {lockedUntil:O}"));
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task RecordSuccessAsync(string name, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        await db.ConsoleUsers.Where(u => u.Name == name).ExecuteUpdateAsync(
            set => set.SetProperty(u => u.FailedLogins, 0).SetProperty(u => u.LockedUntil, (DateTimeOffset?)null).SetProperty(u => u.LastLoginAt, now),
            cancellationToken);
    }

    /// <summary>128 bits from the OS CSPRNG, not the seeded randomness of the rest of Tmo.Edge: a stamp must not be guessable.</summary>
    private static string NewSecurityStamp() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
}
