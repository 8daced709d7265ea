namespace Tmo.Edge.Daemon.Telemetry;

/// <summary>Orders "thermal_zone2" before "thermal_zone10", as the kernel numbers them.</summary>
internal sealed class NaturalOrder : IComparer<string>
{
    public static NaturalOrder Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return string.CompareOrdinal(x, y);
        }

        var (xs, xn) = Split(x);
        var (ys, yn) = Split(y);
        var prefix = string.CompareOrdinal(xs, ys);
        return prefix != 0 ? prefix : xn != yn ? xn.CompareTo(yn) : string.CompareOrdinal(x, y);
    }

    private static (string Stem, long Number) Split(string s)
    {
        var end = s.Length;
        while (end > 0 && char.IsAsciiDigit(s[end - 1]))
        {
            end--;
        }

        return end == s.Length || s.Length - end > 18 ? (s, -1) : (s[..end], long.Parse(s.AsSpan(end), System.Globalization.CultureInfo.InvariantCulture));
    }
}
