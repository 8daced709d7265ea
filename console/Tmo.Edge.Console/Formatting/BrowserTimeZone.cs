using System.Globalization;

namespace Tmo.Edge.Console.Formatting;

/// <summary>
/// The browser's time zone (from Intl in the page, cascaded by the layout), and the console's one time format:
/// "2026-11-28 03:00:00 +01:00", always with its offset so that a time is never ambiguous. Until the browser has
/// said which zone it is in (the first render), times are shown in UTC, offset included.
/// </summary>
public sealed record BrowserTimeZone(TimeZoneInfo Zone)
{
    public static BrowserTimeZone Utc { get; } = new(TimeZoneInfo.Utc);

    public DateTimeOffset Convert(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone);

    public string Format(DateTimeOffset at) => Convert(at).ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);

    /// <summary>Hours and minutes, for chart ticks; the axis names the offset (<see cref="OffsetLabel"/>).</summary>
    public string FormatClock(DateTimeOffset at) => Convert(at).ToString("HH:mm", CultureInfo.InvariantCulture);

    public string OffsetLabel(DateTimeOffset at) => "UTC" + Convert(at).ToString("zzz", CultureInfo.InvariantCulture);

    /// <summary>The zone for an IANA id the browser reported; UTC when the id is unknown here.</summary>
    public static BrowserTimeZone FromId(string? id) =>
        !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? new BrowserTimeZone(zone) : Utc;
}
