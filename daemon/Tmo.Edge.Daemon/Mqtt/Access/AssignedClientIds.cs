using System.Security.Cryptography;

namespace Tmo.Edge.Daemon.Mqtt.Access;

/// <summary>
/// The client id the embedded broker gives a client that connected with a zero-length one: the account's name and
/// 64 random bits, so that two of an account's clients never take each other's session and a log line still says
/// whose connection it is.
/// </summary>
internal static class AssignedClientIds
{
    public static string For(string? userName) =>
        $"{userName ?? "anonymous"}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}";
}
