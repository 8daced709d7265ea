using System.Text;

namespace Tmo.Edge.Daemon.Mqtt.Access;

/// <summary>
/// How text a client chose (a topic, a user name, a client id) appears in logs and on `error`: at most
/// <see cref="DefaultMaxLength"/> characters, control characters escaped, so it can neither flood a log nor forge
/// lines in it.
/// </summary>
public static class UntrustedText
{
    public const int DefaultMaxLength = 128;

    public static string Excerpt(string text, int maxLength = DefaultMaxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(Math.Min(text.Length, maxLength) + 8);
        foreach (var c in text)
        {
            if (builder.Length >= maxLength)
            {
                return builder.Append("…(").Append(text.Length).Append(" chars)").ToString();
            }

            if (char.IsControl(c))
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
