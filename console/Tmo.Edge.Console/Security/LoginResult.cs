namespace Tmo.Edge.Console.Security;

/// <summary>What a login attempt came to.</summary>
public abstract record LoginResult
{
    /// <summary>The account's security stamp goes into the session cookie (<see cref="ConsoleSession"/>).</summary>
    public sealed record Success(string User, string SecurityStamp) : LoginResult;

    /// <summary>
    /// Unknown user or wrong password, deliberately not told apart: not even by how many attempts remain, which only an
    /// existing account counts down.
    /// </summary>
    public sealed record Failed : LoginResult;

    public sealed record LockedOut(DateTimeOffset Until) : LoginResult;
}
