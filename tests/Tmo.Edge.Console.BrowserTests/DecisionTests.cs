using Microsoft.Playwright;

namespace Tmo.Edge.Console.BrowserTests;

[Collection(ConsoleCollection.Name)]
public sealed class DecisionTests(ConsoleUnderTest console)
{
    [Fact]
    public async Task Filtering_the_grid_by_dialogue_shows_only_that_dialogues_turns()
    {
        var page = await console.LoggedInPageAsync();
        await page.GotoAsync($"{console.BaseUrl}/decisions");
        await ConsoleUnderTest.WaitForInteractiveAsync(page);
        var links = page.Locator("[data-testid=decision-link]");
        await Assertions.Expect(links).ToHaveCountAsync(5);

        await ConsoleUnderTest.Input(page, "filter-dialogue").FillAsync(SeedData.GarageDialogue);
        await page.Locator("[data-testid=apply-filters]").ClickAsync();

        await Assertions.Expect(links).ToHaveCountAsync(2);
        foreach (var text in await links.AllInnerTextsAsync())
        {
            Assert.StartsWith(SeedData.GarageDialogue, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Searching_the_prompt_text_and_opening_a_decision_shows_its_detail()
    {
        var page = await console.LoggedInPageAsync();
        await page.GotoAsync($"{console.BaseUrl}/decisions");
        await ConsoleUnderTest.WaitForInteractiveAsync(page);
        await ConsoleUnderTest.ScreenshotAsync(page, "decisions");

        await ConsoleUnderTest.Input(page, "filter-text").FillAsync("dishes");
        await page.Locator("[data-testid=apply-filters]").ClickAsync();
        var links = page.Locator("[data-testid=decision-link]");
        await Assertions.Expect(links).ToHaveCountAsync(1);
        await links.First.ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=decision-prompt]")).ToHaveTextAsync(SeedData.KitchenPrompt);
        await Assertions.Expect(page.Locator("[data-testid=decision-answer]")).ToHaveTextAsync("The dishes are in the sink.");
        await Assertions.Expect(page.Locator("[data-testid=decision-action]")).ToHaveTextAsync("5 cloud + views [0,1]");
        await Assertions.Expect(page.Locator("[data-testid=decision-masked]")).ToContainTextAsync("thermal: soc 87.5 C >= 85 C");
        await Assertions.Expect(page.Locator("[data-testid=decision-probabilities]")).ToContainTextAsync("0.450");
        await ConsoleUnderTest.ScreenshotAsync(page, "decision-detail");
    }
}
