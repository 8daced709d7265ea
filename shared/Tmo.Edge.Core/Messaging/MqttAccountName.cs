using System.Text.RegularExpressions;

namespace Tmo.Edge.Core.Messaging;

/// <summary>
/// What a broker account may be called. The name is one topic level of the account's branch and a `%u` in Mosquitto's
/// ACL patterns, and Mosquitto denies a pattern for a name holding '+', '#' or '/', so only letters, digits, '.', '_'
/// and '-' are allowed; the password file's `name:hash` lines rule out ':' as well.
/// </summary>
public static partial class MqttAccountName
{
    public const int MaxLength = 64;

    public const string Rule = "1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit";

    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
