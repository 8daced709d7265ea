namespace Tmo.Edge.Console.Security;

/// <summary>Checks a password against a stored hash: a seam so that tests can see which (deliberately slow) checks ran.</summary>
public interface IPasswordVerifier
{
    bool Verify(string password, string encodedHash);
}
