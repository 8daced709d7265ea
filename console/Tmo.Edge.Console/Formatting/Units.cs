using System.Globalization;

namespace Tmo.Edge.Console.Formatting;

/// <summary>
/// One unit per quantity on every page: seconds, USD, W, °C, MiB, scores 0 to 1. Money keeps three significant digits below one
/// dollar (0.00945 USD, 0.0000192 USD) and cents above, so neither a tiny cloud call nor a daily cap reads as noise.
/// </summary>
public static class Units
{
    public const string Missing = "–";

    public static string Seconds(double? seconds) => seconds is { } s ? $"{Number(s, s < 10 ? "0.00" : "0.0")} s" : Missing;

    /// <summary>The journal keeps latencies in milliseconds; people read seconds.</summary>
    public static string SecondsFromMs(double? milliseconds) => Seconds(milliseconds / 1000);

    public static string Usd(double? usd) => usd is { } v ? $"{UsdNumber(v)} USD" : Missing;

    /// <summary>The amount without its unit, for a column headed "(USD)".</summary>
    public static string UsdNumber(double usd)
    {
        if (usd == 0 || !double.IsFinite(usd))
        {
            return Number(usd, "0");
        }

        if (Math.Abs(usd) >= 1)
        {
            return Number(usd, "#,##0.00");
        }

        // Three significant digits: 0.05, 0.00945, 0.0000192.
        var decimals = Math.Clamp(2 - (int)Math.Floor(Math.Log10(Math.Abs(usd))), 2, 12);
        return Math.Round(usd, decimals).ToString("0." + new string('#', decimals), CultureInfo.InvariantCulture);
    }

    public static string Watts(double? watts) => watts is { } w ? $"{Number(w, "0.0")} W" : Missing;

    public static string Celsius(double? celsius) => celsius is { } c ? $"{Number(c, "0.0")} °C" : Missing;

    public static string Mebibytes(double? mebibytes) => mebibytes is { } m ? $"{Number(m, "#,##0")} MiB" : Missing;

    public static string MebibytesFromBytes(long bytes) => $"{Number(bytes / 1048576.0, "#,##0.00")} MiB";

    public static string Joules(double? joules) => joules is { } j ? $"{Number(j, "0.0")} J" : Missing;

    /// <summary>A rating on M4A1's scale, 0 (useless) to 1 (perfect), with two decimals.</summary>
    public static string Score(double? score) => score is { } s ? Number(s, "0.00") : Missing;

    public static string Percent(double? share) => share is { } s ? Number(s, "0.0%") : Missing;

    private static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
