using Microsoft.Extensions.Options;
using Tmo.Edge.Console.Hosting;
using Tmo.Edge.Data.Users;

namespace Tmo.Edge.Console.Security;

/// <summary>
/// Checks a login against the stored PBKDF2 hash with the lockout rule: <see cref="ConsoleOptions.MaxFailedLogins"/>
/// wrong passwords lock the account for <see cref="ConsoleOptions.Lockout"/>. Each attempt is counted before its
/// password is checked (<see cref="ConsoleUserStore.ReserveLoginAttemptAsync"/>), so that neither a locked account nor
/// a burst of parallel guesses gets more password checks than the rule allows.
/// </summary>
public sealed partial class LoginService(
    ConsoleUserStore users, IPasswordVerifier passwords, IOptions<ConsoleOptions> options, ILogger<LoginService> logger)
{
    /// <summary>Verified for unknown users so that a wrong name takes as long as a wrong password.</summary>
    private static readonly Lazy<string> DecoyHash = new(() => PasswordHasher.Hash(PasswordHasher.Generate()));

    public async Task<LoginResult> LogInAsync(string user, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(password);
        var settings = options.Value;
        switch (await users.ReserveLoginAttemptAsync(user, settings.MaxFailedLogins, settings.Lockout, cancellationToken))
        {
            case LoginAttempt.UnknownUser:
                passwords.Verify(password, DecoyHash.Value);
                // Not the name itself: a name that matches no account is often a password typed into the wrong field,
                // and this line is kept in the database and shown on the Logs page.
                LogFailedUnknownUser(logger);
                return new LoginResult.Failed();

            case LoginAttempt.Refused refused:
                LogRefusedLocked(logger, user, refused.LockedUntil);
                return new LoginResult.LockedOut(refused.LockedUntil);

            case LoginAttempt.Granted granted when passwords.Verify(password, granted.Account.PasswordHash):
                await users.RecordSuccessAsync(user, cancellationToken);
                return new LoginResult.Success(granted.Account.Name, granted.Account.SecurityStamp);

            case LoginAttempt.Granted { LocksUntil: { } lockedUntil }:
                await users.RecordLockoutAsync(user, settings.MaxFailedLogins, lockedUntil, cancellationToken);
                LogLockedOut(logger, user, settings.MaxFailedLogins, lockedUntil);
                return new LoginResult.LockedOut(lockedUntil);

            case LoginAttempt.Granted:
                LogFailed(logger, user);
                return new LoginResult.Failed();

            default:
                throw new InvalidOperationException("A login attempt of an unknown kind.");
        }
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
