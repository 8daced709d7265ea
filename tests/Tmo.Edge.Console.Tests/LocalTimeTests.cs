using Tmo.Edge.Console.Components.Shared;
using Tmo.Edge.Console.Formatting;

namespace Tmo.Edge.Console.Tests;

public sealed class LocalTimeTests
{
    [Fact]
    public async Task A_time_is_rendered_in_the_cascaded_browser_zone_with_its_offset()
    {
        await using var ctx = new BunitContext();
        var at = new DateTimeOffset(2026, 11, 28, 2, 0, 0, TimeSpan.Zero);

        var cut = ctx.Render<LocalTime>(p => p.Add(c => c.At, at).AddCascadingValue(BrowserTimeZone.FromId("Europe/Berlin")));

        var time = cut.Find("time");
        Assert.Equal("2026-11-28 03:00:00 +01:00", time.TextContent);
        Assert.Equal("2026-11-28T02:00:00.0000000+00:00", time.GetAttribute("datetime"));
    }

    [Fact]
    public async Task Before_the_browser_said_its_zone_the_time_is_in_UTC_and_says_so()
    {
        await using var ctx = new BunitContext();

        var cut = ctx.Render<LocalTime>(p => p.Add(c => c.At, new DateTimeOffset(2026, 11, 28, 2, 0, 0, TimeSpan.Zero)));

        Assert.Equal("2026-11-28 02:00:00 +00:00", cut.Find("time").TextContent);
    }
}
