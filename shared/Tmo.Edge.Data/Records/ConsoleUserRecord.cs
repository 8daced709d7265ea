namespace Tmo.Edge.Data.Records;

/// <summary>An admin-console account: a PBKDF2 password hash and the failed-login lockout state. Never a password.</summary>
public sealed class ConsoleUserRecord
{
    public const int NameMaxLength = 64;

    public required string Name { get; set; }

    /// <summary>Self-describing hash ("pbkdf2-sha256$iterations$salt$hash"), so the cost can rise without a migration.</summary>
    public required string PasswordHash { get; set; }

    /// <summary>Wrong passwords since the last successful login or lockout.</summary>
    public int FailedLogins { get; set; }

    /// <summary>Logins are refused until then.</summary>
    public DateTimeOffset? LockedUntil { get; set; }

    /// <summary>
    /// Random, and new with every password: the console puts it into the session cookie at sign-in and ends any session
    /// whose cookie carries another (as ASP.NET Core Identity's security stamp does), so a password change logs out
    /// whoever knew the old one.
    /// </summary>
    public required string SecurityStamp { get; set; }

    public DateTimeOffset PasswordChangedAt { get; set; }

    public DateTimeOffset? LastLoginAt { get; set; }
}
