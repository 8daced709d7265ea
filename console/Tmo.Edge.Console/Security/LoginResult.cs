namespace Tmo.Edge.Console.Security;

/// <summary>What a login attempt came to.</summary>
public abstract record LoginResult
{
    public sealed record Success(string User) : LoginResult;

    /// <summary>Unknown user or wrong password (deliberately not told apart); that many attempts remain before a lockout.</summary>
    public sealed record Failed(int AttemptsLeft) : LoginResult;

    public sealed record LockedOut(DateTimeOffset Until) : LoginResult;
}
