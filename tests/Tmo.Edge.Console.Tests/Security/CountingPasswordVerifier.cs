using System.Collections.Concurrent;
using Tmo.Edge.Console.Security;

namespace Tmo.Edge.Console.Tests.Security;

/// <summary>The real PBKDF2 check (with its real cost), recording each hash it was asked to check against.</summary>
internal sealed class CountingPasswordVerifier : IPasswordVerifier
{
    private readonly ConcurrentQueue<string> _checkedHashes = new();

    public int Checks => _checkedHashes.Count;

    public IReadOnlyCollection<string> CheckedHashes => _checkedHashes;

    public bool Verify(string password, string encodedHash)
    {
        _checkedHashes.Enqueue(encodedHash);
        return PasswordHasher.Verify(password, encodedHash);
    }
}
