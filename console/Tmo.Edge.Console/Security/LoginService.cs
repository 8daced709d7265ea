using Microsoft.Extensions.Options;
using Tmo.Edge.Console.Hosting;
using Tmo.Edge.Data.Users;

namespace Tmo.Edge.Console.Security;

/// <summary>
/// Checks a login against the stored PBKDF2 hash with the lockout rule: <see cref="ConsoleOptions.MaxFailedLogins"/>
/// wrong passwords lock the account for <see cref="ConsoleOptions.Lockout"/>. A locked account is refused without
/// looking at the password, so that guessing cannot go on while it is locked.
/// </summary>
public sealed partial class LoginService(ConsoleUserStore users, IOptions<ConsoleOptions> options, TimeProvider time, ILogger<LoginService> logger)
{
    /// <summary>Verified for unknown users so that a wrong name takes as long as a wrong password.</summary>
    private static readonly Lazy<string> DecoyHash = new(() => PasswordHasher.Hash(PasswordHasher.Generate()));

    public async Task<LoginResult> LogInAsync(string user, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(password);
        var settings = options.Value;
        var account = await users.FindAsync(user, cancellationToken);
        if (account is null)
        {
            PasswordHasher.Verify(password, DecoyHash.Value);
            // Not the name itself: a name that matches no account is often a password typed into the wrong field,
            // and this line is kept in the database and shown on the Logs page.
            LogFailedUnknownUser(logger);
            return new LoginResult.Failed(settings.MaxFailedLogins);
        }

        if (account.LockedUntil is { } until && until > time.GetUtcNow())
        {
            LogRefusedLocked(logger, user, until);
            return new LoginResult.LockedOut(until);
        }

        if (PasswordHasher.Verify(password, account.PasswordHash))
        {
            await users.RecordSuccessAsync(user, cancellationToken);
            return new LoginResult.Success(account.Name);
        }

        var updated = await users.RecordFailureAsync(user, settings.MaxFailedLogins, settings.Lockout, cancellationToken);
        if (updated?.LockedUntil is { } lockedUntil && lockedUntil > time.GetUtcNow())
        {
            LogLockedOut(logger, user, settings.MaxFailedLogins, lockedUntil);
            return new LoginResult.LockedOut(lockedUntil);
        }

        LogFailed(logger, user);
        return new LoginResult.Failed(settings.MaxFailedLogins - (updated?.FailedLogins ?? 0));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Failed console login for {User}")]
    private static partial void LogFailed(ILogger logger, string user);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Failed console login for a user name that matches no account")]
    private static partial void LogFailedUnknownUser(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Console login for {User} refused: locked until {Until:O}")]
    private static partial void LogRefusedLocked(ILogger logger, string user, DateTimeOffset until);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Console account {User} locked after {Failures} wrong passwords, until {Until:O}")]
    private static partial void LogLockedOut(ILogger logger, string user, int failures, DateTimeOffset until);
}
