using Microsoft.Playwright;

namespace Tmo.Edge.Console.BrowserTests;

[Collection(ConsoleCollection.Name)]
public sealed class PageTourTests(ConsoleUnderTest console)
{
    public static TheoryData<string, string, string> Pages => new()
    {
        { "", "dashboard", "Cloud spend today" },
        { "budgets", "budgets", "Per dialogue" },
        { "decisions", "decisions", SeedData.GarageDialogue },
        { "dialogues", "dialogues", SeedData.KitchenDialogue },
        { $"dialogues/{SeedData.KitchenDialogue}", "dialogue", "Where did I put my dishes?" },
        { "policy", "policy", "EpsilonGreedy" },
        { "logs", "logs", "Logs" },
        { "health", "health", "circuit open: 5 failures in 60 s" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Every_page_renders_live_for_a_logged_in_admin(string path, string screenshot, string expected)
    {
        var page = await console.LoggedInPageAsync();
        await page.GotoAsync($"{console.BaseUrl}/{path}");
        await ConsoleUnderTest.WaitForInteractiveAsync(page);

        await Assertions.Expect(page.GetByText(expected).First).ToBeVisibleAsync(new() { Timeout = 15_000 });
        if (path.Length == 0)
        {
            // Give the charts a few telemetry samples before the picture is taken.
            await Task.Delay(TimeSpan.FromSeconds(4));
        }

        await ConsoleUnderTest.ScreenshotAsync(page, screenshot);
    }
}
