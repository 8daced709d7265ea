using Microsoft.Playwright;

namespace Tmo.Edge.Console.BrowserTests;

/// <summary>
/// Every page at 1440 px and at 390 px, as an administrator opens it: it renders live, nothing fails in the browser,
/// the page never scrolls sideways, and a screenshot goes to docs/screenshots (scripts/screenshots).
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class PageTourTests(ConsoleUnderTest console)
{
    public static TheoryData<string, string, string> Pages => new()
    {
        { "", "dashboard", "Cloud spend today" },
        { "budgets", "budgets", "Per dialogue" },
        { "decisions", "decisions", SeedData.GarageDialogue },
        { "decisions/1", "decision-detail", SeedData.KitchenPrompt },
        { "dialogues", "dialogues", SeedData.KitchenDialogue },
        { $"dialogues/{SeedData.KitchenDialogue}", "dialogue", SeedData.KitchenPrompt },
        { "policy", "policy", "EpsilonGreedy" },
        { "logs", "logs", "Live tail" },
        { "health", "health", "circuit open: 5 failures in 60 s" },
    };

    public static TheoryData<string, string, string, int> PagesAtBothWidths()
    {
        var data = new TheoryData<string, string, string, int>();
        foreach (var width in new[] { ConsoleUnderTest.Desktop, ConsoleUnderTest.Phone })
        {
            foreach (var row in Pages)
            {
                data.Add((string)row[0], (string)row[1], (string)row[2], width);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PagesAtBothWidths))]
    public async Task Every_page_renders_live_without_browser_errors_or_sideways_scrolling(string path, string name, string expected, int width)
    {
        var page = await console.LoggedInPageAsync(width);
        var problems = BrowserProblems.Watch(page);
        await page.GotoAsync($"{console.BaseUrl}/{path}");
        await ConsoleUnderTest.WaitForInteractiveAsync(page);

        await Assertions.Expect(page.GetByText(expected).First).ToBeVisibleAsync(new() { Timeout = 15_000 });
        // Times are in the browser's zone once it has said which: the offset shows it (Europe/Berlin in winter).
        if (path is "" or "logs")
        {
            await Task.Delay(TimeSpan.FromSeconds(4));
        }

        Assert.True(await ScrollsSidewaysAsync(page) is var overflow && overflow <= 0, $"{name} at {width} px is {overflow} px wider than the window.");
        await ConsoleUnderTest.ScreenshotAsync(page, $"{name}-{width}");
        Assert.Empty(problems.All);
    }

    [Fact]
    public async Task On_a_phone_the_navigation_is_closed_and_opens_and_closes_with_the_menu_button()
    {
        var page = await console.LoggedInPageAsync(ConsoleUnderTest.Phone);
        var drawer = page.Locator("[data-testid=nav-drawer]");
        var toggle = page.Locator("[data-testid=nav-toggle]");

        await Assertions.Expect(drawer.GetByText("Budgets")).Not.ToBeInViewportAsync();
        await toggle.ClickAsync();
        await Assertions.Expect(drawer.GetByText("Budgets")).ToBeInViewportAsync();
        await ConsoleUnderTest.ScreenshotAsync(page, "navigation-390");
        await drawer.GetByText("Budgets").ClickAsync();

        await Assertions.Expect(page.GetByText("Per dialogue")).ToBeVisibleAsync();
        await Assertions.Expect(drawer.GetByText("Budgets")).Not.ToBeInViewportAsync();
    }

    [Fact]
    public async Task Times_are_shown_in_the_browsers_zone_with_the_offset()
    {
        var page = await console.LoggedInPageAsync();
        await page.GotoAsync($"{console.BaseUrl}/dialogues");
        await ConsoleUnderTest.WaitForInteractiveAsync(page);

        await Assertions.Expect(page.Locator("[data-testid=dialogues] time").First).ToContainTextAsync("+01:00");
    }

    [Fact]
    public async Task An_unknown_address_answers_404_with_the_not_found_page()
    {
        var page = await console.LoggedInPageAsync();
        var problems = BrowserProblems.Watch(page, "/no-such-page");

        var response = await page.GotoAsync($"{console.BaseUrl}/no-such-page");

        Assert.Equal(404, response!.Status);
        await Assertions.Expect(page.GetByText("There is nothing at this address.")).ToBeVisibleAsync();
        await ConsoleUnderTest.ScreenshotAsync(page, "not-found-1440");
        Assert.Empty(problems.All);
    }

    /// <summary>How many pixels the document is wider than the window (0 or less: no sideways scrolling).</summary>
    private static Task<int> ScrollsSidewaysAsync(IPage page) =>
        page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
}
