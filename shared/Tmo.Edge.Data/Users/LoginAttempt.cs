using Tmo.Edge.Data.Records;

namespace Tmo.Edge.Data.Users;

/// <summary>What <see cref="ConsoleUserStore.ReserveLoginAttemptAsync"/> allowed before a password is checked.</summary>
public abstract record LoginAttempt
{
    /// <summary>No account has that name: nothing to count or lock.</summary>
    public sealed record UnknownUser : LoginAttempt;

    /// <summary>The account is locked: the password must not be checked.</summary>
    public sealed record Refused(DateTimeOffset LockedUntil) : LoginAttempt;

    /// <summary>
    /// The password may be checked against <paramref name="Account"/>'s hash. The attempt already counts as a failure;
    /// when it was the last one allowed it has locked the account until <paramref name="LocksUntil"/>, and only a right
    /// password lifts that lock.
    /// </summary>
    public sealed record Granted(ConsoleUserRecord Account, DateTimeOffset? LocksUntil) : LoginAttempt;
}
