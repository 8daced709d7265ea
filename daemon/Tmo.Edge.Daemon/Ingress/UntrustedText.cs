using System.Globalization;
using System.Text;

namespace Tmo.Edge.Daemon.Ingress;

/// <summary>
/// Text that came off the bus (a topic, a dialogue id, a task or sensor name, a payload fragment), made safe to put
/// in a log line or an `error` reason: control characters, line breaks and unpaired surrogates are escaped (so a
/// device cannot forge log lines or break a terminal) and the result is cut to a bounded length with a marker (so a
/// device cannot fill the log).
/// </summary>
public static class UntrustedText
{
    /// <summary>Long enough for any legitimate topic or id, short enough that a log line stays a line.</summary>
    public const int DefaultMaxChars = 160;

    public const char TruncationMarker = '…';

    /// <summary>At most <paramref name="maxChars"/> characters (escapes counted) plus the marker when cut.</summary>
    public static string Excerpt(string? text, int maxChars = DefaultMaxChars)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChars, 1);
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        if (text.Length <= maxChars && !NeedsEscaping(text))
        {
            return text;
        }

        var excerpt = new StringBuilder(Math.Min(text.Length, maxChars) + 1);
        for (var i = 0; i < text.Length; i++)
        {
            var escaped = Escape(text, ref i);
            if (excerpt.Length + escaped.Length > maxChars)
            {
                return excerpt.Append(TruncationMarker).ToString();
            }

            excerpt.Append(escaped);
        }

        return excerpt.ToString();
    }

    /// <summary>The payload's leading bytes as text: valid UTF-8 decoded, anything else replaced, then escaped.</summary>
    public static string Excerpt(ReadOnlySpan<byte> payload, int maxChars = DefaultMaxChars)
    {
        // Four bytes per character at most: no need to decode more than the excerpt can show.
        var head = payload[..Math.Min(payload.Length, (maxChars + 1) * 4)];
        var excerpt = Excerpt(Encoding.UTF8.GetString(head), maxChars);
        return head.Length < payload.Length && !excerpt.EndsWith(TruncationMarker)
            ? excerpt + TruncationMarker
            : excerpt;
    }

    private static bool NeedsEscaping(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsControl(c) || c is '\u2028' or '\u2029' || (char.IsSurrogate(c) && !IsPairAt(text, i++)))
            {
                return true;
            }
        }

        return false;
    }

    private static string Escape(string text, ref int i)
    {
        var c = text[i];
        if (char.IsHighSurrogate(c) && IsPairAt(text, i))
        {
            i++;
            return text.Substring(i - 1, 2);
        }

        return c switch
        {
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            _ when char.IsControl(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029' =>
                "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
            _ => c.ToString(),
        };
    }

    private static bool IsPairAt(string text, int i) =>
        char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
}
