using Tmo.Edge.Console.Formatting;

namespace Tmo.Edge.Console.Tests.Formatting;

public sealed class TextFormattingTests
{
    [Theory]
    [InlineData("Tmo.Edge.Daemon.Decisions.DecisionLoop", "DecisionLoop")]
    [InlineData("Microsoft.Hosting.Lifetime", "Lifetime")]
    [InlineData("Tmo.Edge.Console.Components.Live.LiveComponent`1[[System.String]]", "LiveComponent")]
    [InlineData("console", "console")]
    public void A_log_category_is_shown_by_its_type_name(string category, string expected)
    {
        Assert.Equal(expected, LogCategory.TypeName(category));
    }

    [Fact]
    public void Markdown_answers_are_formatted()
    {
        var html = AnswerMarkdown.ToHtml("### 1. **Zucchini Stir-Fry**\n- slice\n- fry").Value;

        Assert.Contains("<h3>1. <strong>Zucchini Stir-Fry</strong></h3>", html, StringComparison.Ordinal);
        Assert.Contains("<li>slice</li>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>hello")]
    [InlineData("[click](javascript:alert(1))")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>")]
    public void Markdown_answers_cannot_run_script(string answer)
    {
        var html = AnswerMarkdown.ToHtml(answer).Value;

        // Raw HTML is escaped into text, a javascript: link loses its target: no element can run anything.
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch("<a [^>]*javascript", html);
    }

    [Fact]
    public void Times_are_shown_in_the_browsers_zone_with_the_offset()
    {
        var at = new DateTimeOffset(2026, 11, 28, 2, 0, 0, TimeSpan.Zero);

        Assert.Equal("2026-11-28 03:00:00 +01:00", BrowserTimeZone.FromId("Europe/Berlin").Format(at));
        Assert.Equal("2026-11-27 21:00:00 -05:00", BrowserTimeZone.FromId("America/New_York").Format(at));
        Assert.Equal("2026-11-28 02:00:00 +00:00", BrowserTimeZone.FromId("Not/A_Zone").Format(at));
        Assert.Equal("UTC+01:00", BrowserTimeZone.FromId("Europe/Berlin").OffsetLabel(at));
    }
}
