namespace Tmo.Edge.Console.Security;

/// <summary>The console's <see cref="IPasswordVerifier"/>: <see cref="PasswordHasher.Verify"/>.</summary>
public sealed class Pbkdf2PasswordVerifier : IPasswordVerifier
{
    public bool Verify(string password, string encodedHash) => PasswordHasher.Verify(password, encodedHash);
}
